"""Every URL pattern × every demo persona, GET and POST, over the demo data.

Over the demo (``load_demo``), records of the sibling ward (Công an phường Lê Chân, inside Hải Phòng police) and of
another organisation (phường Ngọc Hà, Hà Nội) are marked with a token in their text. Then, as each persona:

- **no 500** anywhere, GET or POST;
- **no leak**: a page or export about a record outside the persona's view scope does not answer 200, and no page or
  export (Excel and Word unpacked) shows the token of a unit the persona cannot see;
- **no wrong write**: a POST aimed at a record outside the persona's data scope leaves the audit trail (which every
  audited table writes to, through its trigger) unchanged.

Every URL pattern of the project must be known to ``TARGETS`` (with arguments) or ``NO_ARGS`` below: a new page
fails this test until it says which record its arguments name.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.http import QueryDict
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from cchc.accounts.models import User
from cchc.audit.models import AuditEvent
from cchc.orgs.models import Membership, OrgUnit, UnitGroup
from cchc.orgs.scope import forget_scope, scope_for

pytestmark = pytest.mark.django_db

SIBLING = "HP.CAP.LECHAN"  # a ward beside Hồng Bàng, inside Hải Phòng police
OTHER_ORG = "HN.NGOCHA"  # another organisation (phường Ngọc Hà, Hà Nội)
TOKENS = {SIBLING: "ZQLECHAN", OTHER_ORG: "ZQNGOCHA"}

# Pages anybody may open (the public survey, sign-in, password reset, health, language).
PUBLIC = {
    "survey_public",
    "survey_thanks",
    "login",
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "healthz",
    "set_language",
}

# Pages about a record that the units taking part in it see although another unit owns it: a PAR-index round
# (owned by the coordinating office) is seen by every assessed unit.
PARTICIPANTS_SEE = {"parindex:round_detail"}


@dataclass
class World:
    units: dict[str, OrgUnit]
    objects: dict[str, Any] = field(default_factory=dict)


Target = tuple[dict, OrgUnit | None]  # URL kwargs, the unit that owns the record (None: not unit-owned)


def _first(qs):
    obj = qs.order_by("pk").first()
    assert obj is not None, f"the demo has no {qs.model.__name__} for the attack pass"
    return obj


def _plans(w: World) -> list[Target]:
    plan = w.objects["hn_plan"]
    return [({"pk": plan.pk}, plan.issuer)]


def _plan_unit(w: World) -> list[Target]:
    plan = w.objects["hn_plan"]
    return [({"pk": plan.pk, "unit_code": w.units[OTHER_ORG].code}, plan.issuer)]


def _task(w: World) -> list[Target]:
    plan = w.objects["hn_plan"]
    task = _first(plan.tasks.all())
    return [({"pk": plan.pk, "task_pk": task.pk}, plan.issuer)]


def _task_only(w: World) -> list[Target]:
    task = _first(w.objects["hn_plan"].tasks.all())
    return [({"pk": task.pk}, w.objects["hn_plan"].issuer)]


def _assignment(w: World) -> list[Target]:
    a = w.objects["assignment"]
    return [({"pk": a.pk}, a.unit)]


def _update(w: World) -> list[Target]:
    u = w.objects["update"]
    return [({"pk": u.pk}, u.assignment.unit)]


def _plan_evidence(w: World) -> list[Target]:
    e = w.objects["plan_evidence"]
    return [({"pk": e.pk}, e.update.assignment.unit)]


def _draft(w: World) -> list[Target]:
    d = w.objects["draft"]
    return [({"pk": d.pk}, d.issuer)]


def _notification(w: World) -> list[Target]:
    n = w.objects["notification"]
    return [({"pk": n.pk}, n.unit)]


def _cycle(w: World) -> list[Target]:
    c = w.objects["cycle"]
    return [({"pk": c.pk}, c.office)]


def _period(w: World) -> list[Target]:
    p = w.objects["period"]
    return [({"pk": p.pk}, p.cycle.office)]


def _submission(w: World) -> list[Target]:
    s = w.objects["submission"]
    return [({"pk": s.pk}, s.unit)]


def _framework(w: World) -> list[Target]:
    return [({"pk": w.objects["framework"].pk}, None)]


def _round(w: World) -> list[Target]:
    r = w.objects["round"]
    return [({"pk": r.pk}, r.owner_unit)]


def _assessment(w: World) -> list[Target]:
    a = w.objects["assessment"]
    return [({"pk": a.pk}, a.unit)]


def _criterion(w: World) -> list[Target]:
    a = w.objects["assessment"]
    criterion = _first(a.round.framework.criteria.filter(children__isnull=True))
    return [({"pk": a.pk, "code": criterion.code}, a.unit)]


def _adjustment(w: World) -> list[Target]:
    adj = w.objects["adjustment"]
    return [({"pk": adj.pk}, adj.assessment.unit)]


def _par_evidence(w: World) -> list[Target]:
    e = w.objects["par_evidence"]
    return [({"pk": e.pk}, e.assessment.unit)]


def _survey(w: World) -> list[Target]:
    s = w.objects["survey"]
    return [({"pk": s.pk}, s.unit)]


def _point(w: World) -> list[Target]:
    p = w.objects["point"]
    return [({"pk": p.pk}, p.unit)]


def _token(w: World) -> list[Target]:
    t = w.objects["dossier_token"]
    return [({"pk": t.pk}, t.unit)]


def _response(w: World) -> list[Target]:
    r = w.objects["response"]
    return [({"pk": r.pk}, r.unit)]


def _public_token(w: World) -> list[Target]:
    p = w.objects["point"]
    return [({"token": p.token}, None)]


def _form_no(w: World) -> list[Target]:
    return [({"form_no": 1}, None)]


def _procedure(w: World) -> list[Target]:
    return [({"code": w.objects["dossier"].procedure.code}, None)]


def _dossier(w: World) -> list[Target]:
    d = w.objects["dossier"]
    return [({"code": d.code}, d.unit)]


def _apology_dossier(w: World) -> list[Target]:
    d = w.objects["apology"].dossier
    return [({"code": d.code}, d.unit)]


def _portal_figure(w: World) -> list[Target]:
    f = w.objects["portal_figure"]
    return [({"pk": f.pk}, f.unit)]


def _unit(w: World) -> list[Target]:
    return [({"code": SIBLING}, w.units[SIBLING]), ({"code": OTHER_ORG}, w.units[OTHER_ORG])]


def _group(w: World) -> list[Target]:
    g = w.objects["group"]
    return [({"code": g.code}, g.root)]


def _person(w: World) -> list[Target]:
    m = w.objects["membership"]
    return [({"pk": m.user_id}, m.unit)]


def _membership(w: World) -> list[Target]:
    m = w.objects["membership"]
    return [({"pk": m.pk}, m.unit)]


def _reset_confirm(w: World) -> list[Target]:
    return [({"uidb64": "MQ", "token": "set-password"}, None)]


TARGETS: dict[str, Callable[[World], list[Target]]] = {
    "survey_public": _public_token,
    "survey_thanks": _public_token,
    "password_reset_confirm": _reset_confirm,
    "orgs:group_detail": _group,
    "orgs:group_edit": _group,
    "orgs:unit_detail": _unit,
    "orgs:unit_edit": _unit,
    "orgs:unit_reorganise": _unit,
    "people:detail": _person,
    "people:membership_add": _person,
    "people:login_unlock": _person,
    "people:membership_edit": _membership,
    "people:membership_end": _membership,
    "plans:import_preview": _draft,
    "plans:notification_open": _notification,
    "plans:plan_detail": _plans,
    "plans:plan_edit": _plans,
    "plans:plan_issue": _plans,
    "plans:plan_close": _plans,
    "plans:plan_map": _plans,
    "plans:task_add": _plans,
    "plans:task_edit": _task,
    "plans:plan_matrix": _plans,
    "plans:plan_cascade_status": _plans,
    "plans:plan_cascade": _plan_unit,
    "plans:plan_word": _plans,
    "plans:plan_excel": _plans,
    "plans:reminder_letter": _plan_unit,
    "plans:task_detail": _task_only,
    "plans:task_progress": _task_only,
    "plans:assignment_detail": _assignment,
    "plans:update_confirm": _update,
    "plans:update_accept": _update,
    "plans:update_return": _update,
    "plans:evidence_download": _plan_evidence,
    "reports:cycle_detail": _cycle,
    "reports:adhoc_create": _cycle,
    "reports:period_detail": _period,
    "reports:synthesis": _period,
    "reports:submission_detail": _submission,
    "reports:submission_autosave": _submission,
    "parindex:framework_detail": _framework,
    "parindex:round_detail": _round,
    "parindex:round_edit": _round,
    "parindex:round_advance": _round,
    "parindex:round_publish": _round,
    "parindex:round_reopen": _round,
    "parindex:ranking": _round,
    "parindex:announcement": _round,
    "parindex:round_input": _round,
    "parindex:assessment": _assessment,
    "parindex:scorecard": _assessment,
    "parindex:criterion": _criterion,
    "parindex:adjustment_add": _assessment,
    "parindex:adjustment_delete": _adjustment,
    "parindex:evidence_download": _par_evidence,
    "parindex:evidence_delete": _par_evidence,
    "surveys:report_word": _form_no,
    "surveys:survey_close": _survey,
    "surveys:point_detail": _point,
    "surveys:point_edit": _point,
    "surveys:point_new_token": _point,
    "surveys:point_poster": _point,
    "surveys:dossier_slip": _token,
    "surveys:review_decide": _response,
    "onestop:procedure_detail": _procedure,
    "onestop:dossier_detail": _dossier,
    "onestop:apology_create": _dossier,
    "onestop:apology_download": _apology_dossier,
    "onestop:portal_figure_decide": _portal_figure,
}


def url_patterns(resolver=None, prefix: str = "", namespace: str | None = None):
    """(name, pattern, converters) of every URL pattern of the project, the admin site excepted."""
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or namespace
            if ns == "admin":
                continue
            yield from url_patterns(p, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern) and p.name:
            name = f"{namespace}:{p.name}" if namespace else p.name
            yield name, prefix + str(p.pattern), p.pattern.converters


def body_text(response) -> str:
    """The response's text; Excel and Word files are unpacked so their cells and paragraphs are searched."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as z:
                return " ".join(
                    z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml")
                )
        except zipfile.BadZipFile:
            pass
    return content.decode("utf-8", "replace")


def _mark(world: World) -> None:
    """Put each unit's token into the text of its records, so a page that shows them can be caught."""
    from cchc.onestop.models import Dossier
    from cchc.plans.models import Plan, Task
    from cchc.reports.models import Submission
    from cchc.surveys.models import Response

    for code, token in TOKENS.items():
        unit = world.units[code]
        OrgUnit.objects.filter(pk=unit.pk).update(name=f"{unit.name} {token}")
        Dossier.objects.filter(unit=unit).update(applicant_name=token)
        Response.objects.filter(unit=unit).update(comment=f"Ý kiến {token}")
        Submission.objects.filter(unit=unit).update(comment=token)
        for plan in Plan.objects.filter(issuer__path__startswith=unit.path):
            Plan.objects.filter(pk=plan.pk).update(title=f"{plan.title} {token}")
            Task.objects.filter(plan=plan).update(content=token)


def _world() -> World:
    from cchc.onestop.models import ApologyLetter, Dossier
    from cchc.parindex.models import Adjustment, Assessment, Evidence, Framework
    from cchc.plans.models import Assignment, Notification, Plan, PlanImportDraft, ProgressUpdate
    from cchc.plans.models import Evidence as PlanEvidence
    from cchc.reports.models import ReportingCycle, ReportPeriod, Submission
    from cchc.surveys.models import DossierToken, Response, ServicePoint, Survey

    units = {u.code: u for u in OrgUnit.objects.filter(code__in=[SIBLING, OTHER_ORG, "HP", "UBHP"])}
    w = World(units=units)
    sibling = units[SIBLING]
    lechan_staff = User.objects.get(username="canbo.lechan")
    o = w.objects
    o["hn_plan"] = _first(Plan.objects.filter(issuer__path__startswith=units[OTHER_ORG].path))
    o["assignment"] = _first(Assignment.objects.filter(unit=sibling))
    o["update"] = ProgressUpdate.objects.create(
        assignment=o["assignment"], author=lechan_staff, text="Báo cáo", status="in_progress", percent=50
    )
    o["plan_evidence"] = PlanEvidence.objects.create(
        update=o["update"], file=ContentFile(b"minh chung", name="mc.txt"), name="mc.txt", size=10
    )
    o["draft"] = PlanImportDraft.objects.create(
        user=User.objects.get(username="daumoi.ngocha"), issuer=units[OTHER_ORG], filename="kh.docx"
    )
    o["notification"] = _first(Notification.objects.filter(unit=sibling))
    o["submission"] = _first(Submission.objects.filter(unit=sibling))
    o["period"] = o["submission"].period
    o["cycle"] = _first(ReportingCycle.objects.filter(pk=o["period"].cycle_id))
    assert ReportPeriod.objects.filter(cycle=o["cycle"]).exists()
    o["assessment"] = _first(Assessment.objects.filter(unit=sibling))
    o["round"] = o["assessment"].round
    o["framework"] = _first(Framework.objects.filter(pk=o["round"].framework_id))
    leaf = _first(o["framework"].criteria.filter(children__isnull=True))
    o["adjustment"] = Adjustment.objects.create(
        assessment=o["assessment"], kind="bonus", points=1, reason=f"Thưởng {TOKENS[SIBLING]}"
    )
    o["par_evidence"] = Evidence.objects.create(
        assessment=o["assessment"],
        criterion=leaf,
        title=f"Tài liệu {TOKENS[SIBLING]}",
        file=ContentFile(b"tai lieu", name="tl.txt"),
        size=8,
    )
    o["point"] = _first(ServicePoint.objects.filter(unit=sibling))
    o["survey"] = _first(Survey.objects.exclude(unit=None))
    o["dossier_token"] = _first(DossierToken.objects.filter(unit=sibling))
    o["response"] = _first(Response.objects.filter(unit=sibling))
    o["dossier"] = _first(Dossier.objects.filter(unit=sibling, apology__isnull=True))
    late = _first(Dossier.objects.filter(unit=sibling, apology__isnull=True).exclude(pk=o["dossier"].pk))
    now = timezone.now()
    o["apology"] = ApologyLetter.objects.create(
        dossier=late,
        year=now.year,
        number=1,
        reason=f"Lý do {TOKENS[SIBLING]}",
        original_due_at=now,
        new_due_at=now + timedelta(days=3),
        issued_at=now,
    )
    from cchc.onestop.models import PortalFigure

    o["portal_figure"] = _first(PortalFigure.objects.filter(unit=sibling))
    o["group"] = _first(UnitGroup.objects.filter(root__path__startswith=units["UBHP"].path))
    o["membership"] = _first(Membership.objects.filter(unit=sibling))
    _mark(w)
    for extension in EXTENSIONS:
        prepare = getattr(extension, "prepare", None)
        if prepare is not None:
            prepare(w)  # creates/marks the module's records (tokens in TOKENS) and fills w.objects
    # Fresh statistics for the demo rows: after earlier tests in the same worker, the planner may hold stale
    # estimates (tables emptied by a flush) and pick a plan that runs for minutes on PostgreSQL 18. Only the
    # project's tables: a bare ANALYZE also analyses the catalogs every database shares (pg_database, pg_authid…)
    # and, inside the test's transaction, keeps their lock to its end — so the other worker's shard waited for this
    # one to finish, and the shards ran one after another.
    tables = ", ".join(connection.ops.quote_name(t) for t in connection.introspection.table_names())
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")
    return w


def _load_extensions() -> list:
    """Modules add their pages in ``tests/sweep/<module>.py`` (so parallel work never edits this file): ``TARGETS``
    (same shape as below), optional ``PUBLIC`` and ``PARTICIPANTS_SEE`` sets, and ``prepare(world)`` which finds or
    creates the module's demo records, puts ``TOKENS[SIBLING]`` / ``TOKENS[OTHER_ORG]`` into the text of records of
    those units and stores them in ``world.objects``."""
    import importlib
    import pkgutil

    from tests import sweep

    found = []
    for info in sorted(pkgutil.iter_modules(sweep.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"tests.sweep.{info.name}")
        TARGETS.update(getattr(module, "TARGETS", {}))
        PUBLIC.update(getattr(module, "PUBLIC", set()))
        PARTICIPANTS_SEE.update(getattr(module, "PARTICIPANTS_SEE", set()))
        found.append(module)
    return found


EXTENSIONS = _load_extensions()


EXPORT_PROBE = {"export", "all"}
UNIT_PROBE = {"unit", "under", "don_vi", "export"}
EVERY_KEY = "*"  # the page read the query string as a whole (iterated, copied, counted, passed to a form)


def probes(hidden_codes: list[str], read: set[str]) -> list[str]:
    """Query strings tried on a page without arguments: its Excel export, and its unit filters (which take a
    unit's code) aimed at the marked units the persona cannot see (a probe can only leak what is hidden).

    ``read`` is what the page read of its query string when opened plainly (``ReadKeys``). A probe only adds
    parameters, so when the page read none of them it runs exactly as it did plainly, and answers what was already
    checked: that probe is not sent."""
    if not hidden_codes:
        return []
    found = []
    if EVERY_KEY in read or read & EXPORT_PROBE:
        found.append("?export=xlsx&all=1")
    if EVERY_KEY in read or read & UNIT_PROBE:
        found.extend(f"?unit={code}&under={code}&don_vi={code}&export=xlsx" for code in hidden_codes)
    return found


class ReadKeys(QueryDict):
    """A request's query string that notes which parameters the code read (``READ``): any look at a key by name,
    or ``EVERY_KEY`` for a look at all of them (iterated, counted, turned into a dict)."""

    def _note(self, key: Any) -> None:
        READ.add(str(key))

    def __getitem__(self, key):
        self._note(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self._note(key)
        return super().__contains__(key)

    def get(self, key, default=None):
        self._note(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        self._note(key)
        return super().getlist(key, default)

    def _whole(self) -> None:
        READ.add(EVERY_KEY)

    def __iter__(self):
        self._whole()
        return super().__iter__()

    def __len__(self):
        self._whole()
        return super().__len__()

    def items(self):
        self._whole()
        return super().items()

    def lists(self):
        self._whole()
        return super().lists()

    def values(self):
        self._whole()
        return super().values()

    def keys(self):
        self._whole()
        return super().keys()

    def dict(self):
        self._whole()
        return super().dict()

    # Not a read: a copy notes what is read of it (it is a ``ReadKeys`` too), and ``urlencode()`` only repeats the
    # parameters into a link or a redirect (neither is followed here), as the pages' paging does.
    def _unread(self, name: str, *args: Any) -> Any:
        before = set(READ)
        result = getattr(super(), name)(*args)
        READ.clear()
        READ.update(before)
        return result

    def copy(self):
        return self._unread("copy")

    def __copy__(self):
        return self._unread("__copy__")

    def __deepcopy__(self, memo):
        return self._unread("__deepcopy__", memo)

    def urlencode(self, safe=None):
        return self._unread("urlencode", safe)


READ: set[str] = set()


@pytest.fixture
def read_keys(monkeypatch):
    """Requests of the test client get a ``ReadKeys`` query string."""
    from django.core.handlers.wsgi import WSGIRequest, get_bytes_from_wsgi
    from django.utils.functional import cached_property

    def query(request):
        return ReadKeys(get_bytes_from_wsgi(request.environ, "QUERY_STRING", ""), encoding=request._encoding)

    prop = cached_property(query)
    prop.__set_name__(WSGIRequest, "GET")
    monkeypatch.setattr(WSGIRequest, "GET", prop)


def personas() -> list[User | None]:
    """Every demo account, one account with no membership, and the anonymous visitor (None)."""
    outsider = User.objects.create_user(
        username="nguoi.ngoai", password="cchc-demo-2026", full_name="Người ngoài"
    )
    return [*User.objects.exclude(pk=outsider.pk).order_by("username"), outsider, None]


# What every attack POST carries: enough for the confirm / reason / decide forms to go through.
ATTACK_PAYLOAD = {"confirm": "1", "reason": "x", "text": "x", "decision": "accept"}


def post_and_count_writes(client, url: str) -> tuple[int, int]:
    """POST the attack payload; the status, and the audit rows it wrote (every audited table writes one)."""
    before = AuditEvent.objects.count()
    response = client.post(url, ATTACK_PAYLOAD)
    return response.status_code, AuditEvent.objects.count() - before


def test_the_wrong_write_detector_sees_a_write(org, personas, login):
    """A control for the attack pass: the same POST and count see the write a persona may make, and none from a
    persona whose data scope does not hold the unit (were the scope check gone, this would write)."""
    from cchc.surveys.services import service_point_create

    point = service_point_create(unit=org.ward, name="Bộ phận một cửa phường Hồng Bàng")
    url = reverse("surveys:point_new_token", kwargs={"pk": point.pk})
    status, written = post_and_count_writes(login(personas.sibling_officer), url)
    assert status in (403, 404) and written == 0
    status, written = post_and_count_writes(login(personas.ward_officer), url)
    assert status == 302 and written > 0


def test_probes_follow_what_the_page_reads(org, personas, login, read_keys):
    """A control for the probes: a page that reads its export and unit parameters gets every probe, one that reads
    none of them gets none (were the noting broken, the attack pass would send no probe at all)."""
    client = login(personas.coordinator)
    READ.clear()
    assert client.get(reverse("onestop:dossier_list")).status_code == 200
    assert "export" in READ
    assert probes(["HN.X", "HP.Y"], READ) == [
        "?export=xlsx&all=1",
        "?unit=HN.X&under=HN.X&don_vi=HN.X&export=xlsx",
        "?unit=HP.Y&under=HP.Y&don_vi=HP.Y&export=xlsx",
    ]
    READ.clear()
    assert client.get(reverse("password_change")).status_code == 200
    assert READ.isdisjoint(EXPORT_PROBE | UNIT_PROBE | {EVERY_KEY})
    assert probes(["HN.X"], READ) == []


def test_every_url_pattern_is_known():
    """A new page must say which record its arguments name (TARGETS), so the attack pass can try it."""
    unknown = [name for name, pattern, conv in url_patterns() if conv and name not in TARGETS]
    assert unknown == []


# The personas are dealt into this many shards, one test each, so that parallel workers share the pass.
SHARDS = 7


@pytest.mark.slow  # every URL × every persona over the demo: about 6 minutes of a busy 2-core machine in all
@pytest.mark.parametrize("shard", range(SHARDS))
def test_every_url_as_every_persona(demo, client, read_keys, shard):
    world = _world()
    failures: list[str] = []
    requests = leaks = wrong_writes = errors = 0
    patterns = list(url_patterns())
    dealt = personas()[shard::SHARDS]
    assert dealt, f"shard {shard} has no persona: fewer personas than SHARDS"
    for user in dealt:
        client.logout()
        who = user.username if user else "ẩn danh"
        if user is not None:
            forget_scope(user)
            client.force_login(user)
        scope = scope_for(user)
        hidden_codes = [code for code in TOKENS if not scope.view.contains(world.units[code])]
        hidden = [TOKENS[code] for code in hidden_codes]
        for name, _pattern, conv in patterns:
            if name in {"logout", "set_language"}:
                continue
            targets = TARGETS[name](world) if conv else [({}, None)]
            for kwargs, owner in targets:
                url = reverse(name, kwargs=kwargs)
                READ.clear()
                response = client.get(url)
                requests += 1
                if not conv and name not in PUBLIC:
                    for query in probes(hidden_codes, READ):
                        probed = client.get(url + query)
                        requests += 1
                        if probed.status_code >= 500:
                            errors += 1
                            failures.append(f"GET {url}{query} as {who}: {probed.status_code}")
                        elif probed.status_code == 200 and (
                            shown := [t for t in hidden if t in body_text(probed)]
                        ):
                            leaks += 1
                            failures.append(f"GET {url}{query} as {who}: 200 with {shown}")
                if response.status_code >= 500:
                    errors += 1
                    failures.append(f"GET {url} as {who}: {response.status_code}")
                    continue
                if response.status_code == 200:
                    text = body_text(response)
                    shown = [t for t in hidden if t in text] if name not in PUBLIC else []
                    outside = (
                        owner is not None
                        and name not in PUBLIC | PARTICIPANTS_SEE
                        and not scope.view.contains(owner)
                    )
                    if shown or outside:
                        leaks += 1
                        failures.append(f"GET {url} as {who}: 200 with {shown or 'a record outside scope'}")
                if owner is None or scope.data.contains(owner) or scope.manage.contains(owner):
                    continue
                status, written = post_and_count_writes(client, url)
                requests += 1
                if status >= 500:
                    errors += 1
                    failures.append(f"POST {url} as {who}: {status}")
                elif written:
                    wrong_writes += 1
                    failures.append(f"POST {url} as {who}: wrote {written} rows")
    print(
        f"attack pass, shard {shard}: {requests} requests, {leaks} leaks, {wrong_writes} wrong writes, {errors} errors"
    )
    assert not failures, "\n".join(failures)
