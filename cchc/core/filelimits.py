"""Imports are bounded: the one place the size of what an importer reads and unpacks is checked.

Every importer (units, plans and the plans' progress sheet, PAR-index frameworks, one-stop procedures and dossiers,
paper survey forms) and the evidence uploads go through here, before a parser sees the file:

- :func:`check_size` — the file as sent (a path is measured with ``stat``, never read first).
- :func:`check_zip` — a .xlsx / .docx is a zip. Its end record and central directory (read without inflating
  anything) give the number of parts and their uncompressed sizes: too many parts, too much in total, one part
  inflating more than ``zip_ratio`` times → refused. Python's ``zipfile`` never yields more than a part's declared
  size, so these sums bound what openpyxl / python-docx can unpack. Then the XML parts are streamed once (bounded
  memory): a DTD anywhere (entity expansion, "billion laughs") is refused, and the sheets, rows and cells of a
  workbook / the paragraphs and table cells of a document are counted against their caps — before any parser runs.
- :class:`RowBudget` — what a streaming reader yields (openpyxl ``read_only`` rows, CSV records) is counted, across
  the sheets of one file; the row past the cap stops the read. It catches what the XML count cannot: openpyxl pads
  a row to the sheet's declared width and yields the rows a sheet skips, so a few bytes can stand for many cells.
- :func:`bounded_lines` — the lines of a CSV or text file, each at most ``line_chars`` characters.

The caps are ``settings.IMPORT_LIMITS`` (``config/settings/base.py``): ``"web"`` for a browser upload, ``"command"``
for a file given to a management command (the one-stop dossier import takes a whole province's 1,000,000 dossiers).
:func:`import_limits` reads them; without Django settings (pure command-line use) :data:`DEFAULTS` apply.
Every refusal is a :class:`TooLarge` (``cchc.core.errors``, a ``DomainError`` with the code ``file_too_large``): a
Vietnamese message naming the cap, exit 2 in commands, a form error on pages. Pure: no Django or openpyxl import here.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import IO, Any

from cchc.core.errors import DomainError, Message, TooLarge, gettext_noop

logger = logging.getLogger(__name__)

MB = 1024 * 1024

# The one place the caps are written: config/settings/base.py starts IMPORT_LIMITS from a copy of this (a deployment
# overrides single caps there), and import_limits() falls back on it where Django's settings are not loaded.
# "web": a file uploaded through a page — it must be read within a request, by a server shared with everyone else;
# 200,000 rows is a province's dossiers for a quarter. "command": a file given to a management command by the
# operator — `import_dossiers` must take a whole year's 1,000,000 dossiers (bench/bench_onestop.py: a ~200 MB CSV).
# A .xlsx/.docx is a zip: its directory gives the unpacked sizes before anything is inflated.
DEFAULTS: dict[str, dict[str, int]] = {
    "web": {
        "request_bytes": 120 * MB,  # a whole request body (10 evidence files of 10 MB and the form): HTTP 413
        "file_bytes": 50 * MB,  # one imported file as sent
        "unpacked_bytes": 200 * MB,  # the sum of a .xlsx/.docx's parts once inflated (central directory)
        "zip_entries": 1_000,  # parts in that zip (a real workbook has a few dozen)
        "zip_ratio": 100,  # a part over 1 MB inflating more than this many times (real sheets: ~16)
        "rows": 200_000,  # rows of a table (all sheets of a workbook, or CSV records)
        "cells": 5_000_000,  # cells read from a table (as openpyxl pads rows to the sheet's width)
        "sheets": 50,  # sheets of a workbook
        "line_chars": 100_000,  # characters in one line of a CSV or text file
        "document_bytes": 30 * MB,  # a file read whole into memory (a plan's Word/Excel), unpacked
        "paragraphs": 50_000,  # paragraphs (or lines of text) of such a document
        "document_cells": 200_000,  # table cells of such a document
    },
    "command": {
        "request_bytes": 120 * MB,
        "file_bytes": 1024 * MB,
        "unpacked_bytes": 2048 * MB,
        "zip_entries": 10_000,
        "zip_ratio": 100,
        "rows": 2_000_000,
        "cells": 50_000_000,
        "sheets": 200,
        "line_chars": 1_000_000,
        "document_bytes": 100 * MB,
        "paragraphs": 200_000,
        "document_cells": 1_000_000,
    },
}

RATIO_FLOOR = 1 * MB  # a part smaller than this may compress as well as it likes: it cannot hurt
HEAD_BYTES = 4096  # what is read of a part only kept (evidence): a DTD comes before the root element
CHUNK = 1 * MB
CARRY = 512  # a tag cut by a chunk boundary is shorter than this


@dataclass(frozen=True)
class Limits:
    """The caps of one profile ("web" or "command"); :data:`DEFAULTS` says what each one bounds."""

    request_bytes: int
    file_bytes: int
    unpacked_bytes: int
    zip_entries: int
    zip_ratio: int
    rows: int
    cells: int
    sheets: int
    line_chars: int
    document_bytes: int
    paragraphs: int
    document_cells: int
    kind: str = "web"


def import_limits(kind: str = "web") -> Limits:
    """The caps of ``kind`` ("web" or "command"): settings.IMPORT_LIMITS over :data:`DEFAULTS`."""
    values = dict(DEFAULTS[kind])
    try:
        from django.conf import settings

        if settings.configured:
            values.update(settings.IMPORT_LIMITS.get(kind, {}))
    except ImportError:  # pragma: no cover - Django is always installed here
        pass
    known = {f.name for f in fields(Limits)}
    return Limits(**{k: int(v) for k, v in values.items() if k in known}, kind=kind)


def number(n: int) -> str:
    """200000 → "200.000" (Vietnamese thousands separator)."""
    return f"{n:,}".replace(",", ".")


def size_text(n: int) -> str:
    return f"{number(n // MB)} MB" if n >= MB else f"{number(n // 1024)} KB"


def subject(name: str) -> Message:
    """ "Tệp a.xlsx" (or "Tệp" when the name is unknown), translated when the message is shown."""
    return Message(gettext_noop("Tệp %(name)s"), name=name) if name else Message(gettext_noop("Tệp"))


def _over(name: str, limit: Message | str, cap: str) -> TooLarge:
    return TooLarge(
        gettext_noop("%(subject)s vượt giới hạn %(limit)s"), cap=cap, subject=subject(name), limit=limit
    )


def _count_of(n: int, what: str) -> Message:
    """ "1.000 dòng": a cap's amount and what it counts (``what`` a msgid of :data:`_COUNTED`)."""
    return Message(_COUNTED[what], n=number(n))


_COUNTED = {
    "zip_entries": gettext_noop("%(n)s thành phần nén"),
    "sheets": gettext_noop("%(n)s trang tính"),
    "rows": gettext_noop("%(n)s dòng"),
    "cells": gettext_noop("%(n)s ô dữ liệu"),
    "document_cells": gettext_noop("%(n)s ô bảng"),
    "paragraphs": gettext_noop("%(n)s đoạn văn"),
}


# --------------------------------------------------------------------------------------------------- the file


def check_size(source: bytes | str | Path | Any, name: str, limits: Limits) -> None:
    """Refuse a file larger than ``file_bytes``: bytes, a path (``stat``, not read) or an upload (``.size``)."""
    if isinstance(source, bytes | bytearray | memoryview):
        size = len(source)
    elif isinstance(source, str | Path):
        try:
            size = Path(source).stat().st_size
        except OSError:
            return  # the reader reports a missing or unreadable file in its own words
    else:
        size = getattr(source, "size", None) or 0
    if size > limits.file_bytes:
        raise _over(name, size_text(limits.file_bytes), "file_bytes")


# --------------------------------------------------------------------------------------------------- zip parts

_DTD = tuple(m.encode(e) for m in ("<!DOCTYPE", "<!ENTITY") for e in ("ascii", "utf-16-le", "utf-16-be"))
# The elements counted, by the namespaces they belong to (transitional and strict Office XML). An element is counted
# under every prefix its part binds to one of these namespaces (and unprefixed when it is the default namespace),
# with bytes.count — a regular expression over hundreds of MB would cost seconds.
XLSX_NAMESPACES = (
    b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    b"http://purl.oclc.org/ooxml/spreadsheetml/main",
)
DOCX_NAMESPACES = (
    b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    b"http://purl.oclc.org/ooxml/wordprocessingml/main",
)
XLSX_TAGS = {"sheets": b"sheet", "rows": b"row", "cells": b"c"}
DOCX_TAGS = {"paragraphs": b"p", "cells": b"tc"}
_ENDS = (b" ", b">", b"/", b"\t", b"\n", b"\r")
_XMLNS = re.compile(rb"xmlns(?::([\w.-]+))?\s*=\s*[\"']([^\"']{1,200})[\"']")


def _bound_prefixes(body: bytes, namespaces: tuple[bytes, ...], into: set[bytes]) -> None:
    """Add to ``into`` the prefixes ``body`` binds to ``namespaces`` (b"" for the default namespace)."""
    if b"xmlns" not in body:
        return
    for prefix, uri in _XMLNS.findall(body):
        if uri in namespaces:
            into.add(prefix)


def _count(body: bytes, tag: bytes, prefixes: set[bytes]) -> int:
    total = 0
    for prefix in prefixes:
        start = b"<" + prefix + b":" + tag if prefix else b"<" + tag
        if start in body:
            total += sum(body.count(start + end) for end in _ENDS)
    return total


_MERGE = re.compile(
    rb"<(?:[\w.-]+:)?mergeCell\s+ref\s*=\s*[\"']\$?([A-Za-z]{1,3})\$?(\d{1,7})(?::\$?([A-Za-z]{1,3})\$?(\d{1,7}))?"
)
_GRID_SPAN = re.compile(rb"<(?:[\w.-]+:)?gridSpan\s+(?:[\w.-]+:)?val\s*=\s*[\"'](\d{1,12})")


def _open(source: bytes | str | Path | IO[bytes]) -> IO[bytes]:
    if isinstance(source, bytes | bytearray | memoryview):
        return io.BytesIO(source)
    if isinstance(source, str | Path):
        return open(source, "rb")
    return source


def check_zip(
    source: bytes | str | Path | IO[bytes],
    name: str,
    limits: Limits,
    *,
    kind: str,
    whole: bool = False,
    tables: bool = True,
) -> None:
    """Refuse an Office file (``kind`` "xlsx" or "docx") whose parts are too many or too large, inflate suspiciously,
    declare a DTD, or hold more sheets / rows / cells / paragraphs than the caps — without parsing any of it.

    ``whole``: the file will be loaded whole into memory (the plan importer), so its unpacked size is held to
    ``document_bytes`` and its table cells to ``document_cells``. ``tables=False``: a file only kept (evidence), not
    read — its sheets, rows and paragraphs are not counted. A file that is not a zip at all passes: the reader then
    says, in its own words, that it is not a workbook / document."""
    fh = _open(source)
    try:
        try:
            fh.seek(0)
            # the end record only: entries and directory size, nothing inflated (private helpers, not in typeshed)
            end = zipfile._EndRecData(fh)  # type: ignore[attr-defined]
        except (OSError, ValueError):
            return
        if not end:
            return
        entries, directory = end[zipfile._ECD_ENTRIES_TOTAL], end[zipfile._ECD_SIZE]  # type: ignore[attr-defined]
        if entries > limits.zip_entries or directory > limits.zip_entries * 1024:
            raise _over(name, _count_of(limits.zip_entries, "zip_entries"), "zip_entries")
        try:
            fh.seek(0)
            archive = zipfile.ZipFile(fh)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return
        with archive:
            _check_directory(archive, name, limits, whole)
            _scan_parts(archive, name, limits, kind, whole, tables)
    finally:
        if fh is not source:
            fh.close()


def _check_directory(archive: zipfile.ZipFile, name: str, limits: Limits, whole: bool) -> None:
    infos = archive.infolist()
    if len(infos) > limits.zip_entries:
        raise _over(name, _count_of(limits.zip_entries, "zip_entries"), "zip_entries")
    cap, key = (
        (limits.document_bytes, "document_bytes") if whole else (limits.unpacked_bytes, "unpacked_bytes")
    )
    total = sum(i.file_size for i in infos)
    if total > cap:
        unpacked = Message(
            gettext_noop("%(cap)s khi giải nén (tệp nén chứa %(total)s)"),
            cap=size_text(cap),
            total=size_text(total),
        )
        raise _over(name, unpacked, key)
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size > limits.zip_ratio * max(info.compress_size, 1):
            raise TooLarge(
                gettext_noop(
                    "%(subject)s bị từ chối: thành phần %(part)s nở ra hơn %(n)s lần khi giải nén "
                    "(dấu hiệu tệp nén độc hại)"
                ),
                cap="zip_ratio",
                subject=subject(name),
                part=info.filename,
                n=number(limits.zip_ratio),
            )


def _scan_parts(
    archive: zipfile.ZipFile, name: str, limits: Limits, kind: str, whole: bool, tables: bool
) -> None:
    tags = (XLSX_TAGS if kind == "xlsx" else DOCX_TAGS) if tables else {}
    namespaces = XLSX_NAMESPACES if kind == "xlsx" else DOCX_NAMESPACES
    caps = {
        "sheets": (limits.sheets, "sheets"),
        "rows": (limits.rows, "rows"),
        "cells": (limits.document_cells, "document_cells") if whole else (limits.cells, "cells"),
        "paragraphs": (limits.paragraphs, "paragraphs"),
    }
    counts = dict.fromkeys(tags, 0)

    def add(key: str, n: int) -> None:
        counts[key] += n
        cap, counted = caps[key]
        if counts[key] > cap:
            raise _over(name, _count_of(cap, counted), counted)

    for info in archive.infolist():
        if info.is_dir():
            continue
        try:
            part = archive.open(info)
        except Exception:  # encrypted, unknown compression, corrupt: the parser refuses the file
            logger.warning("%s: part %s cannot be opened", name or "file", info.filename, exc_info=True)
            continue
        with part:
            carry = b""
            first, media = True, False
            prefixes: set[bytes] = set()
            while True:
                try:
                    chunk = part.read(CHUNK if tables else HEAD_BYTES)
                except Exception:  # a corrupt part (zlib, CRC): the parser reports the broken file
                    logger.warning("%s: part %s cannot be read", name or "file", info.filename, exc_info=True)
                    break
                if first:
                    first = False
                    if not _looks_like_xml(chunk):
                        break  # an image or other binary part: no parser reads it as XML
                    media = (
                        "/media/" in f"/{info.filename.lower()}"
                    )  # an SVG may carry a DTD; nothing parses it
                buf = carry + chunk
                # Office XML never declares a DTD (its text escapes "<"): one anywhere is an entity expansion attempt
                if not media and any(marker in buf for marker in _DTD):
                    raise TooLarge(
                        gettext_noop(
                            "%(subject)s bị từ chối: thành phần %(part)s khai báo DTD / thực thể XML "
                            "(không có trong tệp Office thật, có thể gây nở bộ nhớ)"
                        ),
                        cap="dtd",
                        subject=subject(name),
                        part=info.filename,
                    )
                if not tables:
                    break
                cut = len(buf)
                if len(chunk) == CHUNK:  # more may follow: keep a tag cut at the boundary for the next round
                    cut = buf.rfind(b">") + 1
                    if cut == 0 or len(buf) - cut > CARRY:
                        cut = max(len(buf) - CARRY, 0)
                body, carry = buf[:cut], buf[cut:]
                _bound_prefixes(buf, namespaces, prefixes)
                for key, tag in tags.items():
                    found = _count(body, tag, prefixes)
                    if found:
                        add(key, found)
                if kind == "docx" and b"gridSpan" in body:
                    spans = sum(int(s) - 1 for s in _GRID_SPAN.findall(body) if int(s) > 1)
                    if spans:
                        add("cells", spans)
                elif (
                    kind == "xlsx" and whole and b"mergeCell" in body
                ):  # openpyxl fills merged ranges with cells
                    area = sum(_area(*m) for m in _MERGE.findall(body))
                    if area:
                        add("cells", area)
                if len(chunk) < CHUNK:
                    break


def _looks_like_xml(head: bytes) -> bool:
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        if head.startswith(bom):
            head = head[len(bom) :]
            break
    return head[:256].replace(b"\x00", b"").lstrip().startswith(b"<")


def _column(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


def _area(c1: bytes, r1: bytes, c2: bytes, r2: bytes) -> int:
    """The cells a merged range adds beyond its first one."""
    if not c2:
        return 0
    rows = abs(int(r2) - int(r1)) + 1
    cols = abs(_column(c2) - _column(c1)) + 1
    return rows * cols - 1


# --------------------------------------------------------------------------------------------------- streaming


class RowBudget:
    """Counts the rows and cells a streaming reader yields for one file (all its sheets together)."""

    def __init__(self, limits: Limits, name: str = "", *, cells: int | None = None):
        self.limits = limits
        self.name = name
        self.max_cells = limits.cells if cells is None else cells
        self.rows = 0
        self.cells = 0

    def take(self, rows: Iterable[Sequence[Any]]) -> Iterator[Sequence[Any]]:
        for row in rows:
            self.count(len(row))
            yield row

    def count(self, width: int) -> None:
        self.rows += 1
        if self.rows > self.limits.rows:
            raise _over(self.name, _count_of(self.limits.rows, "rows"), "rows")
        self.cells += width
        if self.cells > self.max_cells:
            raise _over(self.name, _count_of(self.max_cells, "cells"), "cells")


class BoundedSheet:
    """An openpyxl worksheet whose ``iter_rows`` is counted by a :class:`RowBudget` (other attributes pass through)."""

    def __init__(self, sheet: Any, budget: RowBudget):
        self._sheet = sheet
        self._budget = budget

    def iter_rows(self, *args: Any, **kwargs: Any) -> Iterator[Sequence[Any]]:
        return self._budget.take(self._sheet.iter_rows(*args, **kwargs))

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._sheet, attr)


class BoundedWorkbook:
    """A read-only openpyxl workbook whose sheets share one :class:`RowBudget`."""

    def __init__(self, workbook: Any, budget: RowBudget):
        self._workbook = workbook
        self.worksheets = [BoundedSheet(ws, budget) for ws in workbook.worksheets]

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._workbook, attr)


def bounded_lines(text: str, name: str, limits: Limits) -> Iterator[str]:
    """The lines of ``text`` (line ends kept, any of \\n, \\r\\n, \\r), refusing one over ``line_chars``."""
    for number_, line in enumerate(io.StringIO(text, newline=""), start=1):
        if len(line) > limits.line_chars:
            raise TooLarge(
                gettext_noop("%(subject)s, dòng %(line)s: dòng dài quá giới hạn %(n)s ký tự"),
                cap="line_chars",
                subject=subject(name),
                line=number_,
                n=number(limits.line_chars),
            )
        yield line


def csv_rows(
    text: str, name: str, limits: Limits, budget: RowBudget, **reader_args: Any
) -> Iterator[list[str]]:
    """CSV records from ``text``: lines bounded, rows and cells counted, a malformed record a ``DomainError``."""
    import csv

    reader = csv.reader(bounded_lines(text, name, limits), **reader_args)
    count = budget.count
    try:
        for row in reader:
            count(len(row))
            yield row
    except csv.Error as exc:
        raise DomainError(
            "malformed_csv",
            gettext_noop("%(subject)s: tệp CSV không hợp lệ ở dòng %(line)s (%(exc)s)"),
            subject=subject(name),
            line=reader.line_num,
            exc=exc,
        ) from None
