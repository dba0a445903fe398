"""Reading the import files (.csv UTF-8 or .xlsx first sheet) and parsing their cells. Pure: no Django import.

Every parse error is a ``CellError`` so the importer can name the row and the field.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from zoneinfo import ZoneInfo

from cchc.core.errors import DomainError
from cchc.core.filelimits import Limits, RowBudget, check_size, check_zip, csv_rows, import_limits
from cchc.core.text import fold

logger = logging.getLogger(__name__)

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


class CellError(ValueError):
    """A cell that cannot be read; the message says what was expected (Vietnamese / English)."""


@dataclass
class Table:
    name: str
    headers: list[str]
    rows: Iterator[list[str]]  # data rows (the header excluded), each a list of cell texts

    def column_index(self, mapping: dict[str, str] | None, columns: tuple[str, ...]) -> dict[str, int]:
        """canonical column → index: by the saved ``mapping`` (canonical → heading) when given, else by name."""
        folded = [fold(h) for h in self.headers]
        out: dict[str, int] = {}
        for col in columns:
            heading = (mapping or {}).get(col) or col
            if fold(heading) in folded:
                out[col] = folded.index(fold(heading))
        return out


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


def read_table(data: bytes, name: str, *, limits: Limits | None = None) -> Table:
    """The header and the rows of a .csv (UTF-8, with or without BOM; comma or semicolon) or .xlsx (first sheet),
    within ``limits`` (the web's unless given: commands pass ``import_limits("command")``). The file's size and a
    workbook's zip directory are checked first; rows are streamed and the one past the row cap stops the read."""
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
                "unreadable_file",
                f"{name}: không đọc được tệp Excel",
                en=f"{name}: not a readable .xlsx file",
            ) from exc
        ws = wb.worksheets[0]
        it = budget.take(ws.iter_rows(values_only=True))
        header = next(it, None)
        if header is None:
            raise DomainError("empty_file", f"{name}: tệp rỗng", en=f"{name}: empty file")

        def xrows() -> Iterator[list[str]]:
            for row in it:
                cells = [_cell(v) for v in row]
                if any(cells):
                    yield cells

        return Table(name, [_cell(h) for h in header], xrows())
    if lower.endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DomainError(
                "bad_encoding", f"{name}: tệp CSV phải mã hóa UTF-8", en=f"{name}: the CSV file must be UTF-8"
            ) from None
        first = text[: limits.line_chars + 1].split("\n", 1)[0]
        delimiter = ";" if first.count(";") > first.count(",") else ","
        reader = csv_rows(text, name, limits, budget, delimiter=delimiter)
        header = next(reader, None)
        if not header:
            raise DomainError("empty_file", f"{name}: tệp rỗng", en=f"{name}: empty file")

        def crows() -> Iterator[list[str]]:
            for row in reader:
                if any(row):
                    yield row

        return Table(name, [h.strip() for h in header], crows())
    raise DomainError(
        "unsupported_format",
        f"{name}: định dạng không hỗ trợ (cần .csv hoặc .xlsx)",
        en=f"{name}: unsupported format (.csv or .xlsx)",
    )


def read_path(path: str | Path, *, limits: Limits | None = None) -> Table:
    """:func:`read_table` of a file on disk; its size is checked before it is read."""
    p = Path(path)
    limits = limits or import_limits("web")
    check_size(p, str(p), limits)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise DomainError("file_not_found", f"{p}: không tìm thấy tệp", en=f"{p}: file not found") from None
    except OSError as exc:
        raise DomainError(
            "unreadable_file", f"{p}: không đọc được tệp ({exc.strerror})", en=f"{p}: cannot read the file"
        ) from None
    return read_table(data, str(p), limits=limits)


# --- cells ------------------------------------------------------------------------------------------------------

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
    raise CellError(f"cần 0 hoặc 1, không phải {text!r} / expected 0 or 1")


def parse_datetime(text: str) -> datetime | None:
    """ISO 8601 (no offset = Asia/Ho_Chi_Minh) or dd/mm/yyyy [HH:MM[:SS]]; empty → None. Aware result."""
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
            for fmt in _DMY:
                try:
                    value = datetime.strptime(t, fmt)  # noqa: DTZ007 - local time, zone attached below
                    break
                except ValueError:
                    continue
            else:
                raise CellError(
                    f"ngày giờ không hợp lệ {text!r} (ISO 8601 hoặc dd/mm/yyyy hh:mm) / invalid datetime"
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
    try:
        return _dmy(t)
    except ValueError:
        raise CellError(f"ngày không hợp lệ {text!r} (YYYY-MM-DD hoặc dd/mm/yyyy) / invalid date") from None


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
            raise CellError("thiếu giá trị / missing value")
        return default
    try:
        value = int(float(t)) if "." in t and float(t).is_integer() else int(t)
    except ValueError:
        raise CellError(f"cần số nguyên, không phải {text!r} / expected a whole number") from None
    if value < minimum:
        raise CellError(f"phải ≥ {minimum} / must be at least {minimum}")
    return value


def parse_money(text: str) -> Decimal:
    t = text.strip().replace(" ", "")
    if not t:
        return Decimal(0)
    t = t.replace(".", "").replace(",", "") if t.count(".") > 1 or t.count(",") >= 1 else t
    try:
        value = Decimal(t)
    except InvalidOperation:
        raise CellError(f"cần số tiền, không phải {text!r} / expected an amount") from None
    if value < 0:
        raise CellError("không được âm / must not be negative")
    return value


def parse_choice(text: str, choices: tuple[str, ...], *, default: str | None = None) -> str:
    t = text.strip().lower()
    if not t and default is not None:
        return default
    if t not in choices:
        raise CellError(
            f"phải là một trong {', '.join(choices)}, không phải {text!r} / must be one of {', '.join(choices)}"
        )
    return t
