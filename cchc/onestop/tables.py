"""Reading the import files (.csv UTF-8 or .xlsx first sheet) and parsing their cells. Pure: no Django import.

Every parse error is a ``CellError`` so the importer can name the row and the field.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from cchc.core.errors import DomainError, gettext_noop
from cchc.core.filelimits import Limits, RowBudget, check_size, check_zip, csv_rows, import_limits
from cchc.core.text import fold

from .headings import all_headings

logger = logging.getLogger(__name__)

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


class CellError(DomainError, ValueError):
    """A cell that cannot be read (code ``invalid_cell``): a msgid saying what was expected, and its parameters. The
    importer names the row and the column."""

    def __init__(self, message: Any, **params: Any):
        super().__init__("invalid_cell", message, **params)


@dataclass
class Table:
    name: str
    headers: list[str]
    rows: Iterator[list[str]]  # data rows (the header excluded), each a list of cell texts
    header_line: int = 1  # the header's line in the file (title rows above it); data rows follow

    def column_index(self, mapping: dict[str, str] | None, columns: tuple[str, ...]) -> dict[str, int]:
        """canonical column → index: by the saved ``mapping`` (canonical → heading) when given, else by name."""
        folded = [fold(h) for h in self.headers]
        out: dict[str, int] = {}
        for col in columns:
            heading = (mapping or {}).get(col) or col
            if fold(heading) in folded:
                out[col] = folded.index(fold(heading))
        return out


def column_index_by_words(
    headers: list[str], words: dict[str, tuple[str, ...]], columns: tuple[str, ...]
) -> dict[str, int]:
    """canonical column → index: by the canonical name, else by the first of its usual Vietnamese headings found
    (``words``: :mod:`cchc.onestop.headings`), each heading used once."""
    folded = [fold(h) for h in headers]
    out: dict[str, int] = {}
    taken: set[int] = set()
    for col in columns:
        for wanted in (col, *words.get(col, ())):
            f = fold(wanted)
            if f in folded and folded.index(f) not in taken:
                out[col] = folded.index(f)
                taken.add(out[col])
                break
    return out


def json_cell(value: object) -> str:
    """A JSON scalar as the cell text a file would hold: ``null`` → "", ``true``/``false`` → "1"/"0", numbers as
    written (an integral float without its ".0")."""
    if value is None:
        return ""
    if value is True or value is False:
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


HEADER_SCAN_ROWS = 30  # an export's title rows (agency, report title, period) come before the header row


def find_header(rows: list[list[str]], known: frozenset[str] | None = None) -> int:
    """The index of the header row among an export's first rows: the row naming most known headings (two at
    least); else the first row filled at least half as wide as the widest (title rows are one merged cell)."""
    known = all_headings() if known is None else known
    best, best_score = -1, 1
    for i, row in enumerate(rows):
        score = sum(1 for c in row if c and fold(c) in known)
        if score > best_score:
            best, best_score = i, score
    if best >= 0:
        return best
    widths = [sum(1 for c in row if c) for row in rows]
    widest = max(widths, default=0)
    for i, w in enumerate(widths):
        if w >= max(2, (widest + 1) // 2):
            return i
    return 0


def _split_header(
    name: str, it: Iterator[list[str]], known: frozenset[str] | None
) -> tuple[list[str], int, Iterator[list[str]]]:
    """(header, its 1-based line, the data rows after it) from a stream of rows: the first rows are read to find the
    header below any title rows; the rest stays streamed."""
    head: list[list[str]] = []
    for row in it:
        head.append(row)
        if len(head) >= HEADER_SCAN_ROWS:
            break
    if not any(any(c for c in r) for r in head):
        raise DomainError("empty_file", gettext_noop("%(name)s: tệp rỗng"), name=name)
    at = find_header(head, known)
    header = [h.strip() for h in head[at]]

    def rest() -> Iterator[list[str]]:
        for row in head[at + 1 :]:
            if any(row):
                yield row
        for row in it:
            if any(row):
                yield row

    return header, at + 1, rest()


def read_table(
    data: bytes, name: str, *, limits: Limits | None = None, known: frozenset[str] | None = None
) -> Table:
    """The header and the rows of a .csv (any encoding and dialect Excel writes: UTF-8 with or without BOM,
    UTF-16, Windows-1258; comma, semicolon or tab), .xlsx or .xls (first sheet), within ``limits`` (the web's unless
    given: commands pass ``import_limits("command")``). The header row is found below any title rows
    (:func:`find_header`, by ``known`` headings). The file's size and a workbook's zip directory are checked first;
    rows are streamed and the one past the row cap stops the read."""
    limits = limits or import_limits("web")
    check_size(data, name, limits)
    budget = RowBudget(limits, name)
    lower = name.lower()
    if lower.endswith(".xlsx"):
        from openpyxl import load_workbook

        check_zip(data, name, limits, kind="xlsx")
        try:
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
            logger.warning("one-stop import: openpyxl could not read %s", name, exc_info=True)
            raise DomainError(
                "unreadable_file", gettext_noop("%(name)s: không đọc được tệp Excel"), name=name
            ) from exc
        ws = wb.worksheets[0]
        cells = ([_cell(v) for v in row] for row in budget.take(ws.iter_rows(values_only=True)))
        header, line, rows = _split_header(name, cells, known)
        return Table(name, header, rows, header_line=line)
    if lower.endswith(".xls"):
        header, line, rows = _split_header(name, _xls_rows(data, name, budget), known)
        return Table(name, header, rows, header_line=line)
    if lower.endswith((".csv", ".txt")):
        text = decode_text(data, name)
        reader = csv_rows(text, name, limits, budget, delimiter=sniff_delimiter(text[: 64 * 1024]))
        header, line, rows = _split_header(name, reader, known)
        return Table(name, header, rows, header_line=line)
    raise DomainError(
        "unsupported_format",
        gettext_noop("%(name)s: định dạng không hỗ trợ (cần .csv, .xlsx hoặc .xls)"),
        name=name,
    )


def _xls_rows(data: bytes, name: str, budget: RowBudget) -> Iterator[list[str]]:
    """The first sheet of a legacy .xls (BIFF) workbook; date cells as ISO text (the workbook's date system)."""
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True)
        sheet = book.sheet_by_index(0)
    except Exception as exc:  # xlrd raises many kinds for a file that is not a workbook
        logger.warning("one-stop import: xlrd could not read %s", name, exc_info=True)
        raise DomainError(
            "unreadable_file", gettext_noop("%(name)s: không đọc được tệp Excel"), name=name
        ) from exc

    def cell(c) -> str:
        if c.ctype == xlrd.XL_CELL_DATE:
            try:
                return xlrd.xldate.xldate_as_datetime(c.value, book.datemode).isoformat()
            except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                return _cell(c.value)
        if c.ctype == xlrd.XL_CELL_BOOLEAN:
            return "1" if c.value else "0"
        if c.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
            return ""
        return _cell(c.value)

    def rows() -> Iterator[list[str]]:
        for i in range(sheet.nrows):
            yield [cell(c) for c in sheet.row(i)]

    for row in budget.take(rows()):
        yield list(row)


def decode_text(data: bytes, name: str) -> str:
    """A text file as Excel and one-stop systems write it: UTF-8 (with or without BOM), UTF-16 (BOM, or none with
    the zero bytes showing it), else Windows-1258 (Excel's "CSV" on a Vietnamese Windows); composed to NFC."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates: tuple[str, ...] = ("utf-16",)
    elif data.startswith(b"\xef\xbb\xbf"):
        candidates = ("utf-8-sig",)
    else:
        sample = data[:4096]
        zeros_odd = sample[1::2].count(0)
        zeros_even = sample[0::2].count(0)
        if sample and zeros_odd > len(sample) // 4:
            candidates = ("utf-16-le",)
        elif sample and zeros_even > len(sample) // 4:
            candidates = ("utf-16-be",)
        else:
            candidates = ("utf-8", "cp1258")
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return unicodedata.normalize("NFC", text)
    raise DomainError(
        "bad_encoding",
        gettext_noop("%(name)s: không nhận ra bảng mã của tệp CSV (UTF-8, UTF-16 hoặc Windows-1258)"),
        name=name,
    )


_QUOTED = re.compile(r'"(?:[^"]|"")*"')


def sniff_delimiter(sample: str) -> str:
    """The field separator of a CSV: of tab, semicolon and comma, the one found most often outside quotes in the
    first lines (title rows included — a header and its rows outnumber them)."""
    lines = [ln for ln in _QUOTED.sub("", sample).splitlines()[:40] if ln.strip()]
    counts = {d: sum(ln.count(d) for ln in lines) for d in ("\t", ";", ",")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_path(path: str | Path, *, limits: Limits | None = None) -> Table:
    """:func:`read_table` of a file on disk; its size is checked before it is read."""
    p = Path(path)
    limits = limits or import_limits("web")
    check_size(p, str(p), limits)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise DomainError(
            "file_not_found", gettext_noop("%(name)s: không tìm thấy tệp"), name=str(p)
        ) from None
    except OSError as exc:
        raise DomainError(
            "unreadable_file",
            gettext_noop("%(name)s: không đọc được tệp (%(why)s)"),
            name=str(p),
            why=exc.strerror,
        ) from None
    return read_table(data, str(p), limits=limits)


# --- cells ------------------------------------------------------------------------------------------------------

MISSING = gettext_noop("thiếu giá trị")

_TRUE = {"1", "true", "x", "co", "yes", "c"}
_FALSE = {"0", "false", "", "khong", "no", "k"}
_DMY = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M")


_BOOLS = {"0": False, "1": True, "": False, "true": True, "false": False, "True": True, "False": False}


def parse_bool(text: str) -> bool:
    value = _BOOLS.get(text)
    if value is not None:
        return value
    t = fold(text.strip())
    if t in _TRUE:
        return True
    if t in _FALSE:
        return False
    raise CellError(gettext_noop("cần 0 hoặc 1, không phải %(text)r"), text=text)


_SERIAL = re.compile(r"^\d{5}(\.\d+)?$")
_EXCEL_EPOCH = datetime(1899, 12, 30)  # noqa: DTZ001 - Excel's serial 0 (1900 system, its leap-year bug included)


def excel_serial(text: str) -> datetime | None:
    """An Excel serial date-time (days since 30/12/1899, a fraction for the time: ``46066.4166``), naive, to the
    second — what a cell formatted as a number or a CSV saved from such a cell holds; None if ``text`` is not one
    (serials 20000–99999 cover 1954–2173)."""
    t = text.strip()
    if not _SERIAL.match(t):
        return None
    days = float(t)
    if not 20000 <= days < 100000:
        return None
    seconds = round(days * 86400)
    return _EXCEL_EPOCH + timedelta(seconds=seconds)


def parse_datetime(text: str) -> datetime | None:
    """ISO 8601 (no offset = Asia/Ho_Chi_Minh), dd/mm/yyyy [HH:MM[:SS]] or an Excel serial; empty → None. Aware."""
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        t = text.strip()
        if not t:
            return None
        try:
            value = datetime.fromisoformat(t)
        except ValueError:
            serial = excel_serial(t)
            if serial is not None:
                return serial.replace(tzinfo=VN_TZ)
            for fmt in _DMY:
                try:
                    value = datetime.strptime(t, fmt)  # noqa: DTZ007 - local time, zone attached below
                    break
                except ValueError:
                    continue
            else:
                raise CellError(
                    gettext_noop("ngày giờ không hợp lệ %(text)r (ISO 8601 hoặc dd/mm/yyyy hh:mm)"), text=text
                ) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=VN_TZ)
    return value


def parse_date(text: str) -> date | None:
    """YYYY-MM-DD (a datetime's date part is accepted) or dd/mm/yyyy; empty → None."""
    t = text.strip()
    if not t:
        return None
    try:
        return date.fromisoformat(t[:10])
    except ValueError:
        pass
    serial = excel_serial(t)
    if serial is not None:
        return serial.date()
    try:
        return _dmy(t)
    except ValueError:
        raise CellError(
            gettext_noop("ngày không hợp lệ %(text)r (YYYY-MM-DD hoặc dd/mm/yyyy)"), text=text
        ) from None


def _dmy(t: str) -> date:
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(t, fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    raise ValueError(t)


def parse_int(text: str, *, default: int | None = None, minimum: int = 0) -> int:
    t = text.strip()
    if not t:
        if default is None:
            raise CellError(MISSING)
        return default
    try:
        value = int(float(t)) if "." in t and float(t).is_integer() else int(t)
    except ValueError:
        raise CellError(gettext_noop("cần số nguyên, không phải %(text)r"), text=text) from None
    if value < minimum:
        raise CellError(gettext_noop("phải ≥ %(minimum)s"), minimum=minimum)
    return value


def parse_money(text: str) -> Decimal:
    t = text.strip().replace(" ", "")
    if not t:
        return Decimal(0)
    grouped = re.fullmatch(r"\d{1,3}([.,]\d{3})+", t)  # "50.000" / "1,500,000": đồng have no decimals
    t = t.replace(".", "").replace(",", "") if grouped or t.count(".") > 1 or t.count(",") >= 1 else t
    try:
        value = Decimal(t)
    except InvalidOperation:
        raise CellError(gettext_noop("cần số tiền, không phải %(text)r"), text=text) from None
    if value < 0:
        raise CellError(gettext_noop("không được âm"))
    return value


def parse_choice(text: str, choices: tuple[str, ...], *, default: str | None = None) -> str:
    t = text.strip().lower()
    if not t and default is not None:
        return default
    if t not in choices:
        raise CellError(
            gettext_noop("phải là một trong %(choices)s, không phải %(text)r"),
            choices=", ".join(choices),
            text=text,
        )
    return t
