"""The one domain error: what services, loaders, importers and pure cores raise for input the user must fix.

    raise DomainError("date_in_future", gettext_lazy("Ngày %(d)s ở tương lai"), d=day.strftime("%d/%m/%Y"))

- ``code`` is stable (short snake_case): callers branch on it, never on the message text.
- ``message`` is a Vietnamese msgid (a plain ``str`` marked with :func:`gettext_noop`, or a ``gettext_lazy`` proxy)
  with ``%(name)s`` placeholders filled from ``params``; ``exc.message`` / ``str(exc)`` give it in the active
  language, ``exc.vi`` in Vietnamese, ``exc.english()`` in English (from the catalogue). A message is never
  formatted at raise time (the catalogue could not hold it): what varies is a parameter. A parameter may itself be a
  :class:`Message` (a translatable part, e.g. the reason of a bad row, "Tệp a.csv" / "the file"): it is rendered in
  the language the error is shown in.
- ``field`` and ``row`` say where an imported file is wrong; ``exc.within(where)`` prefixes the message with a
  place (a file, a section) and keeps the code: ``raise exc.within(str(path))``. ``exc.detail`` is the message
  without that place. Parameters may not be named ``code``, ``message``, ``en``, ``field`` or ``row``.

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


RESERVED = frozenset({"code", "message", "en", "field", "row"})


def _format(text: str, params: dict[str, Any]) -> str:
    if not params:
        return text
    try:
        return text % params
    except (KeyError, TypeError, ValueError):  # a translation that lost a placeholder: show it unfilled
        return text


class Message:
    """A translatable text: a msgid (Vietnamese, ``%(name)s`` placeholders) and its parameters, rendered in the
    active language each time it is shown (``str(m)``). Used for the parts of a message that vary in wording (a
    bad row's reason, "Tệp a.csv" / "Tệp") and for the reasons pure checks return."""

    __slots__ = ("msgid", "params")

    def __init__(self, msgid: Any, **params: Any):
        self.msgid = msgid
        self.params = params

    def render(self, language: str | None = None) -> str:
        translation = _translation()
        if translation is None:
            return _format(str(self.msgid), self.params)
        if language is not None:
            with translation.override(language):
                return self.render()
        return _format(translation.gettext(str(self.msgid)), self.params)

    @property
    def vi(self) -> str:
        return self.render("vi")

    def __str__(self) -> str:
        return self.render()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Message) and (str(self.msgid), self.params) == (
            str(other.msgid),
            other.params,
        )

    def __hash__(self) -> int:
        return hash(str(self.msgid))

    def __repr__(self) -> str:
        return f"Message({self.vi!r})"


class DomainError(Exception):
    """Input the user must fix: a stable ``code``, a translatable message with ``params``, optional ``field``/``row``."""

    code: str  # given by each raise

    def __init__(
        self,
        code: str,
        message: Any,
        *,
        field: str | None = None,
        row: int | None = None,
        **params: Any,
    ):
        reserved = RESERVED.intersection(params)
        if reserved:
            raise TypeError(f"DomainError parameters may not be named {', '.join(sorted(reserved))}")
        self.code = code
        self.template = message
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
        text = Message(self.template, **self.params).render(language)
        return f"{self.where}: {text}" if placed and self.where else text

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
        """The English message (from the catalogue), or None when the catalogue has none (it reads as Vietnamese)."""
        text = self._render("en")
        return text if text != self.vi else None

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.code!r}, {self.vi!r})"


class ImportRowError(DomainError):
    """A bad row of an imported file: ``row`` (the header is line 1) and ``field`` say where."""


class TooLarge(DomainError):
    """A file over one of the import caps (code ``file_too_large``); ``cap`` names it (a key of
    ``cchc.core.filelimits.Limits``)."""

    def __init__(self, message: Any, *, cap: str, **params: Any):
        self.cap = cap
        super().__init__("file_too_large", message, **params)
