"""Dossier import: upload, column mapping, saved import sources."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cchc.audit.context import audit_context
from cchc.core import staging
from cchc.core.errors import DomainError
from cchc.core.types import AuthedRequest
from cchc.orgs.models import OrgUnit
from cchc.orgs.scope import scope_for

from .. import services
from ..forms import COLUMN_WORDS, MAPPED_COLUMNS, UploadForm, chosen_values, mapping_form
from ..headings import unknown_values
from ..importing import DOSSIER_COLUMNS, DOSSIER_REQUIRED, ImportRejected, import_dossiers
from ..sources import get_import_source_for_user, sources_visible_to
from ..tables import read_table


def _mapping_matches(headers: list[str], mapping: dict[str, str]) -> bool:
    from cchc.core.text import fold

    folded = {fold(h) for h in headers}
    return all(fold(mapping.get(c) or c) in folded for c in DOSSIER_REQUIRED)


def _guess_mapping(headers: list[str], saved: dict[str, str]) -> dict[str, str]:
    from cchc.core.text import fold

    by_fold = {fold(h): h for h in headers if h}
    out: dict[str, str] = {}
    taken: set[str] = set()
    for col in MAPPED_COLUMNS:
        # the saved mapping first, then the canonical name, then the Vietnamese headings exports use
        for wanted in (saved.get(col), col, *COLUMN_WORDS.get(col, ())):
            header = by_fold.get(fold(wanted))
            if wanted and header and header not in taken:
                out[col] = header
                taken.add(header)
                break
    return out


def _run_dossier_import(
    request: AuthedRequest, data: bytes, name: str, mapping: dict[str, str] | None, source, values=None
):
    """The import held to the user's data scope (rows' units and the existing dossiers they would touch)."""
    with audit_context(request.user, "web:import_dossiers"):
        return import_dossiers(
            read_table(data, name),
            actor=request.user,
            via="web",
            mapping=mapping,
            source=source,
            values=values,
        )


def _unknown(data: bytes, name: str, mapping: dict[str, str] | None, saved_values) -> dict[str, list[str]]:
    """The cell values of the mapped status, channel, yes/no and rating columns no mapping knows yet."""
    table = read_table(data, name)
    index = table.column_index(mapping or None, MAPPED_COLUMNS)
    return unknown_values(table.rows, index, saved_values)


def _merged(saved: dict | None, chosen: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    out = {kind: dict(words) for kind, words in (saved or {}).items()}
    for kind, words in chosen.items():
        out.setdefault(kind, {}).update(words)
    return out


def _save_mapping(request: AuthedRequest, mapping: dict[str, str], source_id: str, name: str, values=None):
    """Save the chosen column and value mappings into the chosen source, or as a new source of the user's unit; when
    the user may not (only those who manage the owner may), the mappings serve this upload only and they are told
    so."""
    if not source_id and not name:
        return None
    source = get_import_source_for_user(request.user, int(source_id)) if source_id.isdigit() else None
    try:
        with audit_context(request.user, "web"):
            return services.import_source_save(
                actor=request.user, mapping=mapping, source=source, name=name, values=values
            )
    except PermissionDenied as exc:
        messages.warning(request, _("Ánh xạ cột chỉ dùng cho lần nhập này: %(why)s") % {"why": exc})
        return source


def _mapping_page(request: AuthedRequest, form, headers, name, rejected, unknown):
    return render(
        request,
        "onestop/dossier_mapping.html",
        {
            "form": form,
            "headers": headers,
            "file_name": name,
            "rejected": rejected,
            "has_values": bool(unknown),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def dossier_import(request: AuthedRequest) -> HttpResponse:
    """Upload → (column and value mapping when the file does not use the saved or canonical columns, or holds values
    no mapping knows) → import; the mappings are saved under the source's name, so the next export of the same
    system imports unattended."""
    if scope_for(request.user).data.empty:
        raise PermissionDenied(_("Bạn không có quyền nhập hồ sơ."))
    rejected = None
    result = None
    if request.method == "POST" and "token" in request.POST:
        token = request.POST["token"]
        try:
            data = staging.load(token, request.user, kind="dossiers")
        except staging.StagedUploadError as exc:
            messages.error(request, exc.message)
            return redirect("onestop:dossier_import")
        name = request.POST.get("file_name", "upload.csv")
        try:
            table = read_table(data, name)
        except DomainError as exc:  # e.g. a file name changed in the form
            staging.discard(token)
            messages.error(request, exc.message)
            return redirect("onestop:dossier_import")
        source_id = request.POST.get("source_id", "")
        used = get_import_source_for_user(request.user, int(source_id)) if source_id.isdigit() else None
        saved_values = used.value_mapping if used is not None else {}
        headers = set(table.headers)
        chosen_columns = {
            c: request.POST[c] for c in MAPPED_COLUMNS if request.POST.get(c) and request.POST[c] in headers
        }
        unknown = _unknown(data, name, chosen_columns, saved_values)
        Form = mapping_form(table.headers, {}, unknown)
        form = Form(request.POST)
        if form.is_valid():
            mapping = {c: form.cleaned_data[c] for c in MAPPED_COLUMNS if form.cleaned_data.get(c)}
            chosen = chosen_values(form.cleaned_data, unknown)
            source = _save_mapping(
                request,
                mapping,
                form.cleaned_data.get("source_id") or "",
                form.cleaned_data.get("source_name") or "",
                chosen,
            )
            values = _merged(saved_values, chosen)
            try:
                result = _run_dossier_import(request, data, name, mapping, source, values)
            except ImportRejected as exc:
                rejected = exc
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                staging.discard(token)
                return _import_done(request, result)
        return _mapping_page(request, form, table.headers, name, rejected, unknown)
    sources = sources_visible_to(request.user)
    form = UploadForm(request.POST or None, request.FILES or None, sources=sources)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        source = form.cleaned_data["source"]
        source_name = form.cleaned_data["new_source"].strip()
        saved = source.mapping if source else {}
        saved_values = source.value_mapping if source else {}
        try:
            table = read_table(data, upload.name)
            unknown = _unknown(data, upload.name, saved or None, saved_values)
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            if _mapping_matches(table.headers, saved) and not source_name and not unknown:
                try:
                    result = _run_dossier_import(request, data, upload.name, saved or None, source)
                except ImportRejected as exc:
                    rejected = exc
                except DomainError as exc:
                    form.add_error("file", exc.message)
                else:
                    return _import_done(request, result)
            else:
                token = staging.stage(data, request.user, kind="dossiers")
                guess = _guess_mapping(table.headers, saved)
                unknown = _unknown(data, upload.name, guess, saved_values)
                Form = mapping_form(table.headers, guess, unknown)
                mform = Form(
                    initial={
                        "token": token,
                        "source_name": source_name,
                        "source_id": "" if source_name or source is None else source.pk,
                    }
                )
                return _mapping_page(request, mform, table.headers, upload.name, None, unknown)
    return render(
        request,
        "onestop/dossier_import.html",
        {
            "form": form,
            "rejected": rejected,
            "sources": sources,
            "columns": DOSSIER_COLUMNS,
        },
    )


def _import_done(request: AuthedRequest, result):
    messages.success(
        request,
        _("Đã nhập %(rows)s hồ sơ: %(created)s mới, %(updated)s cập nhật.")
        % {"rows": result.rows, "created": result.created, "updated": result.updated},
    )
    units = list(OrgUnit.objects.filter(pk__in=result.units).order_by("path")[:2])
    url = reverse("onestop:indicators")
    if len(units) == 1:
        url += f"?unit={units[0].code}"
    return redirect(url)
