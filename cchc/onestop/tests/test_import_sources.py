"""Import sources belong to an organisation (issue 11): a coordinator elsewhere can neither see nor rewrite Hải
Phòng's column mapping, and may keep a source of the same name of their own; Hải Phòng's units use their
organisation's source but only those who manage its owner change it."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from cchc.onestop.models import ImportSource
from cchc.onestop.services import import_source_save
from cchc.onestop.sources import get_import_source_for_user, sources_visible_to

from .helpers import csv_bytes, load_procedures

pytestmark = pytest.mark.django_db

HP_MAPPING = {"code": "Số HS", "unit_code": "Đơn vị", "procedure_code": "Mã TTHC", "received_at": "Ngày nhận"}
SWAPPED = {**HP_MAPPING, "received_at": "Hạn trả", "due_at": "Ngày nhận"}


@pytest.fixture
def hp_source(org, personas):
    return import_source_save(actor=personas.coordinator, name="Một cửa điện tử", mapping=HP_MAPPING)


def test_another_organisation_cannot_see_or_change_hp_source(login, personas, org, hp_source):
    assert hp_source.owner == org.city
    other = personas.other_coordinator
    assert hp_source not in sources_visible_to(other)
    with pytest.raises(Http404):
        get_import_source_for_user(other, hp_source.pk)
    c = login(other)
    page = c.get("/mot-cua/ho-so/nhap/")
    assert hp_source not in page.context["form"].fields["source"].queryset
    # Neither by choosing it on upload nor by naming it in the mapping step.
    load_procedures()
    body = csv_bytes(list(HP_MAPPING.values()), [["U-1", "UBHP.SNV", "1.001", "2026-02-13T10:00"]])
    r = c.post("/mot-cua/ho-so/nhap/", {"file": SimpleUploadedFile("u.csv", body), "source": hp_source.pk})
    assert r.status_code == 200 and "source" in r.context["form"].errors
    r = c.post("/mot-cua/ho-so/nhap/", {"file": SimpleUploadedFile("u.csv", body), "new_source": "X"})
    token = r.context["form"].initial["token"]
    r = c.post(
        "/mot-cua/ho-so/nhap/",
        {
            **HP_MAPPING,
            "due_at": "Ngày nhận",
            "token": token,
            "source_id": hp_source.pk,
            "file_name": "u.csv",
        },
    )
    assert r.status_code == 404
    hp_source.refresh_from_db()
    assert hp_source.mapping == HP_MAPPING


def test_a_same_named_source_of_another_organisation_is_its_own(personas, org, hp_source):
    theirs = import_source_save(actor=personas.other_coordinator, name="Một cửa điện tử", mapping=SWAPPED)
    assert theirs.pk != hp_source.pk and theirs.owner == org.other_city
    hp_source.refresh_from_db()
    assert hp_source.mapping == HP_MAPPING
    assert list(sources_visible_to(personas.other_coordinator)) == [theirs]
    assert list(sources_visible_to(personas.coordinator)) == [hp_source]
    # Saving again under the same name updates their own, still not Hải Phòng's.
    import_source_save(actor=personas.other_coordinator, name="Một cửa điện tử", mapping={"code": "Mã"})
    assert ImportSource.objects.count() == 2
    hp_source.refresh_from_db()
    assert hp_source.mapping == HP_MAPPING


def test_hp_units_use_the_source_and_only_its_managers_change_it(personas, org, hp_source):
    officer = personas.ward_officer
    assert hp_source in sources_visible_to(officer)
    assert get_import_source_for_user(officer, hp_source.pk) == hp_source
    with pytest.raises(PermissionDenied):
        get_import_source_for_user(officer, hp_source.pk, write=True)
    with pytest.raises(PermissionDenied):
        import_source_save(actor=officer, source=hp_source, mapping=SWAPPED)
    with pytest.raises(PermissionDenied):
        import_source_save(actor=officer, name="Của phường", mapping=SWAPPED)
    import_source_save(actor=personas.coordinator, source=hp_source, mapping=SWAPPED)
    hp_source.refresh_from_db()
    assert hp_source.mapping == SWAPPED
    assert hp_source not in sources_visible_to(personas.outsider)


def test_the_migration_attributes_existing_sources(personas, org):
    """0005: a source of before ownership goes to the unit holding every dossier loaded through it, else to where
    its last user coordinates, else to nobody (administrators only)."""
    import importlib

    from django.apps import apps
    from django.db import connection

    from cchc.onestop.importing import import_dossiers
    from cchc.onestop.models import Dossier, ImportBatch
    from cchc.onestop.tables import read_table

    from .helpers import dossiers_csv

    migration = importlib.import_module("cchc.onestop.migrations.0005_ownership_and_desk_counter")
    load_procedures()
    used = ImportSource.objects.create(name="Đã dùng")
    by_coordinator = ImportSource.objects.create(name="Của đầu mối")
    unknown = ImportSource.objects.create(name="Không rõ")
    row = {"procedure_code": "1.001", "received_at": "2026-02-13T10:00"}
    rows = [{**row, "code": "A-1", "unit_code": "HP.CAP.A"}, {**row, "code": "B-1", "unit_code": "HP.CAP.B"}]
    result = import_dossiers(read_table(dossiers_csv(rows), "d.csv"), source=used)
    assert Dossier.objects.filter(batch_id=result.batch_id).count() == 2
    ImportBatch.objects.create(kind="dossiers", source=by_coordinator, actor=personas.coordinator)
    with connection.schema_editor() as editor:
        migration.attribute_sources(apps, editor)
    owners = dict(ImportSource.objects.values_list("name", "owner"))
    assert owners == {"Đã dùng": org.city.pk, "Của đầu mối": org.city.pk, "Không rõ": None}
    assert unknown not in sources_visible_to(personas.coordinator)
    assert unknown in sources_visible_to(personas.admin)
