"""The module navigation. A module appears once it is built and the user has a role that uses it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Module:
    key: str
    label: str | Promise  # a lazy translation, read in the request's language
    url_name: str
    visible: Callable[[object], bool]
    prefix: str = ""


def _signed_in(user) -> bool:
    return user.is_authenticated


def _manages(user) -> bool:
    from cchc.orgs.scope import scope_for

    return not scope_for(user).manage.empty


def _admin(user) -> bool:
    from cchc.orgs.scope import scope_for

    return scope_for(user).is_admin


MODULES: list[Module] = [
    Module("home", _("Trang chủ"), "home", _signed_in),
    Module("units", _("Đơn vị"), "orgs:unit_list", _signed_in, "/don-vi/"),
    Module("people", _("Người dùng"), "people:list", _manages, "/nguoi-dung/"),
    Module("audit", _("Nhật ký"), "audit:log", _admin, "/nhat-ky/"),
]


# The order people meet the modules in, whatever order the apps load in: the work first, then the set-up.
ORDER = [
    "home",
    "plans",
    "reports",
    "parindex",
    "surveys",
    "onestop",
    "pakn",
    "inspections",
    "targets",
    "initiatives",
    "documents",
    "units",
    "people",
    "audit",
    "api_log",
]


def register(module: Module) -> None:
    """Modules add themselves from their AppConfig.ready(); ORDER decides where they show."""
    if all(m.key != module.key for m in MODULES):
        MODULES.append(module)


def modules_for(user, path: str) -> list[dict]:
    out = []
    rank = {key: i for i, key in enumerate(ORDER)}
    for m in sorted(MODULES, key=lambda m: rank.get(m.key, len(ORDER))):
        if m.visible(user):
            url = reverse(m.url_name)
            active = (m.prefix and path.startswith(m.prefix)) or (m.key == "home" and path == "/")
            out.append({"key": m.key, "label": m.label, "url": url, "active": bool(active)})
    return out
