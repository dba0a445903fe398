"""The one domain error: what services, loaders, importers and pure cores raise for input the user must fix.

    raise DomainError("date_in_future", _("Ngày %(d)s ở tương lai"), d=day.strftime("%d/%m/%Y"))

- ``code`` is stable (short snake_case): callers branch on it, never on the message text.
- ``message`` is a Vietnamese msgid (a plain ``str``, a ``gettext_lazy`` proxy, or an already formatted text) with
  ``%(name)s`` placeholders filled from ``params``; ``exc.message`` / ``str(exc)`` give it in the active language.
- ``en=`` is the English text for messages the catalogue cannot hold (formatted at raise time, e.g. in the pure
  cores); it is used when English is active and the catalogue has no translation. Prefer the catalogue.
- ``field`` and ``row`` say where an imported file is wrong; ``exc.within(where)`` prefixes the message with a
  place (a file, a section) and keeps the code: ``raise exc.within(str(path))``. ``exc.detail`` is the message
  without that place.

This module imports no Django: the pure cores (``cchc.parindex.parsing``, ``cchc.core.dates``, …) raise
``DomainError`` without settings. It translates only when Django is already loaded and configured (it looks the
modules up in ``sys.modules``, it never imports them), so a pure core marks its msgids with :func:`gettext_noop`
(extracted by ``makemessages``) and the message is translated when a page or a command shows it.

Views catch ``DomainError`` and show ``exc.message``; the command base (``cchc.core.commands.ContractCommand``)
turns it into exit status 2 and one line on standard error, Vietnamese then `` / `` and the English text.
"""

from __future__ import annotations

import sys
from typing import Any


def gettext_noop(message: str) -> str:
    """Mark a msgid for the catalogue without translating it (the error translates it when shown)."""
    return message


def _translation() -> Any:
    """``django.utils.translation`` when Django is loaded and configured, else None (never imports Django)."""
    translation = sys.modules.get("django.utils.translation")
    conf = sys.modules.get("django.conf")
    if translation is None or conf is None or not conf.settings.configured:
        return None
    return translation


class DomainError(Exception):
    """Input the user must fix: a stable ``code``, a translatable message with ``params``, optional ``field``/``row``."""

    code: str  # given by each raise

    def __init__(
        self,
        code: str,
        message: Any,
        *,
        en: str | None = None,
        field: str | None = None,
        row: int | None = None,
        **params: Any,
    ):
        self.code = code
        self.template = message
        self.en = en
        self.field = field
        self.row = row
        self.params = params
        self.where = ""
        super().__init__(code)

    def within(self, where: str) -> DomainError:
        """Say where the error is: the message becomes ``"<where>: <message>"`` (outermost first). Returns self."""
        self.where = f"{where}: {self.where}" if self.where else where
        return self

    def _render(self, language: str | None = None, *, placed: bool = True) -> str:
        translation = _translation()
        if translation is None:
            text = self._format(str(self.template))
        elif language is not None:
            with translation.override(language):
                return self._render(placed=placed)
        else:
            source = str(self.template)  # a lazy proxy resolves in the active language
            text = translation.gettext(source)
            if text == source and self.en and not (translation.get_language() or "vi").startswith("vi"):
                text = self.en  # no catalogue entry: the English text given at raise time
            text = self._format(text)
        return f"{self.where}: {text}" if placed and self.where else text

    def _format(self, text: str) -> str:
        if not self.params:
            return text
        try:
            return text % self.params
        except (KeyError, TypeError, ValueError):  # a translation that lost a placeholder: show it unfilled
            return text

    @property
    def message(self) -> str:
        """The message in the active language."""
        return self._render()

    @property
    def detail(self) -> str:
        """The message in the active language without the place given by :meth:`within`."""
        return self._render(placed=False)

    @property
    def vi(self) -> str:
        """The Vietnamese message (the command boundary's standard error, tests)."""
        return self._render("vi")

    def english(self) -> str | None:
        """The English message, or None when there is none (no catalogue entry and no ``en``)."""
        text = self._render("en")
        if text != self.vi:
            return text
        if not self.en:
            return None
        return f"{self.where}: {self._format(self.en)}" if self.where else self._format(self.en)

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.code!r}, {self.vi!r})"


class ImportRowError(DomainError):
    """A bad row of an imported file: ``row`` (the header is line 1) and ``field`` say where."""


class TooLarge(DomainError):
    """A file over one of the import caps (code ``file_too_large``); ``cap`` names it (a key of
    ``cchc.core.filelimits.Limits``)."""

    def __init__(self, vi: str, en: str, cap: str):
        self.cap = cap
        super().__init__("file_too_large", vi, en=en)
