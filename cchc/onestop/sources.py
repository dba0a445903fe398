"""Import sources (saved column mappings) belong to an owner unit — the one place their visibility is decided.

Seen by those whose view scope covers the owner, and by those who work under it (the organisation's source serves
its units' uploads); changed only by those who manage the owner. A source without an owner (one of before ownership
that could not be attributed) is for administrators only. Names are unique per owner, never across organisations.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from cchc.accounts.models import User
from cchc.orgs.models import OrgUnit
from cchc.orgs.scope import scope_for

from .models import ImportSource


def _prefixes(path: str) -> list[str]:
    """ "/1/5/9/" → ["/1/", "/1/5/", "/1/5/9/"]: the paths of a unit and its ancestors."""
    parts = [p for p in path.strip("/").split("/") if p]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def sources_visible_to(user) -> QuerySet[ImportSource]:
    scope = scope_for(user)
    if scope.is_admin:
        return ImportSource.objects.all()
    above = sorted({p for m in scope.memberships for p in _prefixes(m.unit.path)})
    q = scope.view.q("owner__") if not scope.view.empty else Q(pk__in=[])
    if above:
        q |= Q(owner__path__in=above)
    return ImportSource.objects.filter(owner__isnull=False).filter(q)


def can_change_source(user, source: ImportSource) -> bool:
    scope = scope_for(user)
    if source.owner is None:
        return scope.is_admin
    return scope.manage.contains(source.owner)


def get_import_source_for_user(user, pk, *, write: bool = False) -> ImportSource:
    """The source if the user may see it (404 otherwise); 403 if ``write`` and they do not manage its owner."""
    source = sources_visible_to(user).select_related("owner").filter(pk=pk).first()
    if source is None:
        raise Http404(_("Không tìm thấy nguồn dữ liệu."))
    if write and not can_change_source(user, source):
        raise PermissionDenied(_("Chỉ cán bộ đầu mối quản lý đơn vị sở hữu nguồn mới được sửa ánh xạ cột."))
    return source


def source_owner_for(user: User) -> OrgUnit | None:
    """The unit a new source of ``user`` belongs to: the highest unit they manage (None if they manage none)."""
    from .catalogue import catalogue_owners_for

    owners = catalogue_owners_for(user)
    return owners[0] if owners else None
