"""Read the PAR index input from ``.json`` or ``.xlsx``, and export a framework to ``.xlsx`` — no Django.

JSON: the document of `contracts/parindex.md` (``framework``, ``stage``, ``units``); numbers are read as Decimals.

Excel workbook layout (sheet names and column headers are matched case-insensitively; the Vietnamese label or
the English key in brackets is accepted, e.g. "Điểm tối đa", "max" or "Điểm tối đa (max)"; columns may come in
any order; rows above the header row, such as a title, are skipped; empty rows are skipped):

1. ``Thông tin`` (settings) — two columns, label then value, one setting a row:
   ``Tên bộ tiêu chí`` (name), ``Năm`` (year), ``Điểm thưởng tối đa`` (bonus_cap), ``Giai đoạn`` (stage:
   ``self``/"Tự đánh giá" or ``appraised``/"Thẩm định"), ``Mô tả`` (description), ``Điểm phạt mỗi lỗi``
   (penalty_points), ``Tài liệu kiểm chứng từ ngày`` / ``đến ngày`` (evidence_from / evidence_to, a date cell
   or dd/mm/yyyy; both or neither).
2. ``Xếp loại`` (bands) — header ``Xếp loại`` (name) | ``Từ điểm`` (min); one band a row.
3. ``Tiêu chí`` (criteria) — header ``Mã`` (code) | ``Tên tiêu chí`` (title) | ``Điểm tối đa`` (max) |
   ``Mã cha`` (parent) | ``Hướng dẫn chấm`` (guidance) | ``Yêu cầu tài liệu kiểm chứng`` (evidence_required) |
   ``Cách chấm`` (method) | ``Ngưỡng`` (thresholds, JSON text) | ``Đo bằng khảo sát`` (survey_measured) | ``Tham số quy tắc`` (rule_params, JSON text).
   One criterion a row, parents before or after children, children in row order. When ``Mã cha`` is empty the
   parent is the longest dotted prefix of the code that is itself a code ("1.2.1" → "1.2" → "1"); codes
   without such a prefix are fields (top level). ``Điểm tối đa`` is required on leaves and optional on inner
   rows (checked against the sum of the children). Type codes as text (a cell formatted as number turns
   "1.10" into 1.1).
4. ``Điểm`` (scores) — header ``Mã đơn vị`` (unit_code) | ``Tên đơn vị`` (unit_name) | ``Mã tiêu chí``
   (criterion) | ``Tự chấm`` (self) | ``Thẩm định lần 1`` (round1) | ``Thẩm định lần 2`` (round2) |
   ``Hạ chuẩn`` (not_applicable: x / có / true) | ``Ghi chú`` (note, ignored). One row per unit and leaf
   criterion. Every sheet whose name starts with ``Điểm`` / ``scores`` is read, so one sheet per unit
   ("Điểm PC06", "Điểm PC07"…) works too. Units keep the order of their first row.
5. ``Thưởng phạt`` (adjustments) — header ``Mã đơn vị`` (unit_code) | ``Loại`` (kind: "Thưởng"/bonus or
   "Phạt"/penalty) | ``Điểm`` (points) | ``Lý do`` (reason).

Sheets 4 and 5 are optional (a framework alone has none).
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from cchc.core.errors import DomainError, gettext_noop
from cchc.core.filelimits import BoundedWorkbook, Limits, RowBudget, check_size, check_zip, import_limits
from cchc.parindex.parsing import EvaluationInput, parse_framework, parse_input, to_bool, to_code, to_decimal
from cchc.parindex.scoring import Criterion, Framework, UnitInput

T = TypeVar("T")

logger = logging.getLogger(__name__)

SETTINGS_SHEET = ("Thông tin", "settings")
BANDS_SHEET = ("Xếp loại", "bands")
CRITERIA_SHEET = ("Tiêu chí", "criteria")
SCORES_SHEET = ("Điểm", "scores")
ADJUST_SHEET = ("Thưởng phạt", "adjustments")

SETTINGS = {
    "name": "Tên bộ tiêu chí",
    "year": "Năm",
    "bonus_cap": "Điểm thưởng tối đa",
    "stage": "Giai đoạn",
    "description": "Mô tả",
    "penalty_points": "Điểm phạt mỗi lỗi",
    "total": "Thang điểm",
    "evidence_from": "Tài liệu kiểm chứng từ ngày",
    "evidence_to": "Tài liệu kiểm chứng đến ngày",
}
BAND_COLUMNS = {"name": "Xếp loại", "min": "Từ điểm"}
CRITERIA_COLUMNS = {
    "code": "Mã",
    "title": "Tên tiêu chí",
    "max": "Điểm tối đa",
    "parent": "Mã cha",
    "guidance": "Hướng dẫn chấm",
    "evidence_required": "Yêu cầu tài liệu kiểm chứng",
    "method": "Cách chấm",
    "thresholds": "Ngưỡng",
    "survey_measured": "Đo bằng khảo sát",
    "rule_params": "Tham số quy tắc",
}
SCORE_COLUMNS = {
    "unit_code": "Mã đơn vị",
    "unit_name": "Tên đơn vị",
    "criterion": "Mã tiêu chí",
    "self": "Tự chấm",
    "round1": "Thẩm định lần 1",
    "round2": "Thẩm định lần 2",
    "not_applicable": "Hạ chuẩn",
    "note": "Ghi chú",
}
ADJUST_COLUMNS = {"unit_code": "Mã đơn vị", "kind": "Loại", "points": "Điểm", "reason": "Lý do"}
STAGE_WORDS = {
    "self": "self",
    "tự đánh giá": "self",
    "tự chấm": "self",
    "appraised": "appraised",
    "thẩm định": "appraised",
}
KIND_WORDS = {"thưởng": "bonus", "điểm thưởng": "bonus", "bonus": "bonus", "phạt": "penalties",
              "điểm phạt": "penalties", "penalty": "penalties", "penalties": "penalties"}  # fmt: skip
BOOL_META = ("evidence_required", "survey_measured")


# --------------------------------------------------------------------------------------------------- entry points


def load_input(path: str | Path, *, limits: Limits | None = None) -> EvaluationInput:
    """Framework, stage and units from a ``.json`` or ``.xlsx`` file; errors name the file."""
    path = Path(path)
    return _with_file(path, lambda: parse_input(read_document(path, limits=limits)))


def load_framework(path: str | Path, *, limits: Limits | None = None) -> Framework:
    """A framework alone (``{"framework": …}``, a bare framework object, or a workbook)."""
    path = Path(path)
    return _with_file(path, lambda: parse_framework(read_document(path, limits=limits)))


def read_document(path: Path, *, limits: Limits | None = None) -> dict[str, Any]:
    """The JSON-shaped document held by the file (numbers as Decimals), within ``limits`` (the web's unless
    given): the file's size, and a workbook's zip directory and rows (:mod:`cchc.core.filelimits`)."""
    limits = limits or import_limits("web")
    suffix = path.suffix.lower()
    if suffix in (".json", ".xlsx"):
        check_size(path, "", limits)
    if suffix == ".json":
        return _read_json(path)
    if suffix == ".xlsx":
        return read_xlsx(path, limits=limits)
    raise DomainError(
        "unsupported_format", gettext_noop("Định dạng tệp không được hỗ trợ, cần .json hoặc .xlsx")
    )


def _with_file(path: Path, action: Callable[[], T]) -> T:
    try:
        return action()
    except DomainError as exc:
        raise exc.within(str(path)) from None


def _read_json(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DomainError("file_not_found", gettext_noop("Không tìm thấy tệp")) from None
    except (OSError, UnicodeDecodeError):
        raise DomainError(
            "unreadable_file",
            gettext_noop("Không đọc được tệp (không phải văn bản UTF-8 hoặc lỗi đọc đĩa)"),
        ) from None
    try:
        data = json.loads(text, parse_float=Decimal)
    except RecursionError:
        raise DomainError("invalid_json", gettext_noop("JSON lồng nhau quá sâu")) from None
    except json.JSONDecodeError as exc:
        raise DomainError(
            "invalid_json",
            gettext_noop("JSON không hợp lệ ở dòng %(line)s, cột %(column)s: %(reason)s"),
            line=exc.lineno,
            column=exc.colno,
            reason=exc.msg,
        ) from None
    if not isinstance(data, dict):
        raise DomainError("invalid_json", gettext_noop("Tệp JSON phải chứa một đối tượng"))
    return data


# --------------------------------------------------------------------------------------------------- xlsx reading


def _norm(text: Any) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", str(text or "")).strip().lower())


def _candidates(header: Any) -> list[str]:
    """ "Điểm tối đa (max)" → ["điểm tối đa (max)", "điểm tối đa", "max"]."""
    text = _norm(header)
    out = [text]
    match = re.fullmatch(r"(.*?)\s*\((.*)\)", text)
    if match:
        out += [match.group(1).strip(), match.group(2).strip()]
    return out


def _key_for(header: Any, columns: Mapping[str, str]) -> str | None:
    lookup = {_norm(k): k for k in columns} | {_norm(v): k for k, v in columns.items()}
    for candidate in _candidates(header):
        if candidate in lookup:
            return lookup[candidate]
    return None


def _find_sheet(workbook: Any, names: Sequence[str], prefix: bool = False) -> list[Any]:
    wanted = [_norm(n) for n in names]
    found = []
    for ws in workbook.worksheets:
        title = _norm(ws.title)
        if title in wanted or (prefix and any(title.startswith(w) for w in wanted)):
            found.append(ws)
    return found


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _table(ws: Any, columns: Mapping[str, str], required: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """Rows of a sheet as {key: value} after its header row (the first row naming the ``required`` column)."""
    header: dict[int, str] | None = None
    for row_no, row in enumerate(ws.iter_rows(values_only=True), start=1):
        if header is None:
            keys = {i: _key_for(v, columns) for i, v in enumerate(row) if not _blank(v)}
            if required in keys.values():
                header = {i: k for i, k in keys.items() if k is not None}
            continue
        values = {key: row[i] for i, key in header.items() if i < len(row) and not _blank(row[i])}
        if values:
            yield row_no, values
    if header is None:
        raise DomainError(
            "missing_header",
            gettext_noop("trang '%(sheet)s': không thấy dòng tiêu đề có cột '%(column)s'"),
            sheet=ws.title,
            column=columns[required],
        )


def _where(ws: Any, row: int, column: str) -> tuple[str, str]:
    return (
        f"trang '{ws.title}', dòng {row}, cột '{column}'",
        f"sheet '{ws.title}', row {row}, column '{column}'",
    )


def read_xlsx(path: Path, *, limits: Limits | None = None) -> dict[str, Any]:
    """The JSON-shaped document held by a workbook in the layout described above; all its sheets together hold at
    most ``limits.rows`` rows (the web's limits unless given)."""
    import openpyxl  # imported here: JSON users never pay for it

    if not path.is_file():
        raise DomainError("file_not_found", gettext_noop("Không tìm thấy tệp"))
    limits = limits or import_limits("web")
    check_size(path, "", limits)
    check_zip(path, "", limits, kind="xlsx")
    try:
        opened = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds (zip, xml, key errors) for a broken file
        logger.warning("PAR index import: openpyxl could not read %s", path, exc_info=True)
        raise DomainError(
            "unreadable_file",
            gettext_noop("Không đọc được tệp Excel"),
        ) from None
    workbook = BoundedWorkbook(opened, RowBudget(limits))
    try:
        framework = _read_settings(workbook)
        framework["bands"] = _read_bands(workbook)
        framework["criteria"] = _read_criteria(workbook)
        document: dict[str, Any] = {"framework": framework, "stage": framework.pop("stage", None)}
        units = _read_scores(workbook)
        _read_adjustments(workbook, units)
        document["units"] = list(units.values())
        return document
    finally:
        workbook.close()


def _only_sheet(workbook: Any, names: Sequence[str]) -> Any:
    sheet = _optional_sheet(workbook, names)
    if sheet is None:
        raise DomainError("missing_sheet", gettext_noop("Thiếu trang '%(sheet)s'"), sheet=names[0])
    return sheet


def _optional_sheet(workbook: Any, names: Sequence[str]) -> Any | None:
    sheets = _find_sheet(workbook, names)
    return sheets[0] if sheets else None


def _read_settings(workbook: Any) -> dict[str, Any]:
    from cchc.core.excel import parse_date  # with openpyxl, which JSON users never load

    ws = _only_sheet(workbook, SETTINGS_SHEET)
    out: dict[str, Any] = {}
    for row_no, row in enumerate(ws.iter_rows(values_only=True, max_col=2), start=1):
        if len(row) < 2 or _blank(row[0]):
            continue
        key = _key_for(row[0], SETTINGS)
        if key is None or _blank(row[1]):
            continue
        value = row[1]
        wvi, wen = _where(ws, row_no, "B")
        if key in ("year", "bonus_cap", "penalty_points", "total"):
            value = to_decimal(value, wvi, wen)
        elif key in ("evidence_from", "evidence_to"):
            try:
                day = parse_date(value)
                if day is None:  # not reached: the cell is not blank
                    raise ValueError(value)
                value = day.isoformat()
            except (TypeError, ValueError):
                raise DomainError(
                    "invalid_date",
                    gettext_noop("%(where)s: ngày '%(value)s' không hợp lệ (dd/mm/yyyy)"),
                    where=wvi,
                    value=value,
                ) from None
        elif key == "stage":
            stage = STAGE_WORDS.get(_norm(value))
            if stage is None:
                raise DomainError(
                    "invalid_stage",
                    gettext_noop("%(where)s: giai đoạn '%(value)s' không hợp lệ (Tự đánh giá / Thẩm định)"),
                    where=wvi,
                    value=value,
                )
            value = stage
        else:
            value = str(value).strip()
        out[key] = value
    window = (out.pop("evidence_from", None), out.pop("evidence_to", None))
    if any(window):
        if not all(window):
            raise DomainError(
                "missing_value",
                gettext_noop("Trang Thông tin: cần cả ngày bắt đầu và ngày kết thúc của tài liệu kiểm chứng"),
            )
        out["evidence_window"] = {"from": window[0], "to": window[1]}
    return out


def _read_bands(workbook: Any) -> list[dict[str, Any]]:
    ws = _optional_sheet(workbook, BANDS_SHEET)
    if ws is None:
        return []
    bands = []
    for row_no, row in _table(ws, BAND_COLUMNS, "name"):
        wvi, wen = _where(ws, row_no, BAND_COLUMNS["min"])
        bands.append({"name": str(row.get("name", "")).strip(), "min": to_decimal(row.get("min"), wvi, wen)})
    return bands


def _read_criteria(workbook: Any) -> list[dict[str, Any]]:
    ws = _only_sheet(workbook, CRITERIA_SHEET)
    nodes: dict[str, dict[str, Any]] = {}
    parents: dict[str, str | None] = {}
    rows: dict[str, int] = {}
    for row_no, row in _table(ws, CRITERIA_COLUMNS, "code"):
        wvi, wen = _where(ws, row_no, CRITERIA_COLUMNS["code"])
        code = to_code(row.get("code"), wvi, wen)
        if code in nodes:
            raise DomainError(
                "duplicate_criterion",
                gettext_noop("%(where)s: mã tiêu chí %(code_value)s bị trùng"),
                where=wvi,
                code_value=code,
            )
        node: dict[str, Any] = {"code": code, "title": str(row.get("title", "")).strip()}
        if "max" in row:
            node["max"] = to_decimal(row["max"], *_where(ws, row_no, CRITERIA_COLUMNS["max"]))
        for key in ("guidance", "method"):
            if key in row:
                node[key] = str(row[key]).strip()
        for key in BOOL_META:
            node[key] = to_bool(row.get(key), *_where(ws, row_no, CRITERIA_COLUMNS[key]))
        if "thresholds" in row:
            node["thresholds"] = _json_cell(
                row["thresholds"], *_where(ws, row_no, CRITERIA_COLUMNS["thresholds"])
            )
        if row.get("rule_params") not in (None, ""):
            node["rule_params"] = _json_cell(
                row["rule_params"], *_where(ws, row_no, CRITERIA_COLUMNS["rule_params"])
            )
        nodes[code] = node
        rows[code] = row_no
        parents[code] = to_code(row["parent"], wvi, wen) if "parent" in row else None
    return _assemble_tree(ws, nodes, parents, rows)


def _json_cell(value: Any, wvi: str, wen: str) -> Any:
    try:
        return json.loads(str(value), parse_float=Decimal)
    except json.JSONDecodeError:
        raise DomainError(
            "invalid_json", gettext_noop("%(where)s: không phải JSON hợp lệ"), where=wvi
        ) from None


def _implied_parent(code: str, codes: Mapping[str, Any]) -> str | None:
    parts = code.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        prefix = ".".join(parts[:cut])
        if prefix in codes:
            return prefix
    return None


def _assemble_tree(
    ws: Any, nodes: dict[str, dict[str, Any]], parents: dict[str, str | None], rows: dict[str, int]
) -> list[dict[str, Any]]:
    top: list[dict[str, Any]] = []
    for code, node in nodes.items():
        parent = parents[code] if parents[code] is not None else _implied_parent(code, nodes)
        if parent is None:
            top.append(node)
            continue
        if parent not in nodes:
            wvi, _wen = _where(ws, rows[code], CRITERIA_COLUMNS["parent"])
            raise DomainError(
                "unknown_criterion",
                gettext_noop("%(where)s: không có tiêu chí cha mã %(parent)s"),
                where=wvi,
                parent=parent,
            )
        nodes[parent].setdefault("children", []).append(node)
    _check_cycles(ws, nodes, parents, rows)
    return top


def _check_cycles(
    ws: Any, nodes: dict[str, dict[str, Any]], parents: dict[str, str | None], rows: dict[str, int]
) -> None:
    for code in nodes:
        seen = {code}
        current = parents[code] if parents[code] is not None else _implied_parent(code, nodes)
        while current is not None:
            if current in seen:
                wvi, _wen = _where(ws, rows[code], CRITERIA_COLUMNS["parent"])
                raise DomainError(
                    "criterion_cycle",
                    gettext_noop("%(where)s: tiêu chí %(code_value)s nằm trong vòng lặp cha–con"),
                    where=wvi,
                    code_value=code,
                )
            seen.add(current)
            current = parents[current] if parents[current] is not None else _implied_parent(current, nodes)


def _read_scores(workbook: Any) -> dict[str, dict[str, Any]]:
    units: dict[str, dict[str, Any]] = {}
    for ws in _find_sheet(workbook, SCORES_SHEET, prefix=True):
        for row_no, row in _table(ws, SCORE_COLUMNS, "criterion"):
            unit_code = to_code(row.get("unit_code"), *_where(ws, row_no, SCORE_COLUMNS["unit_code"]))
            code = to_code(row.get("criterion"), *_where(ws, row_no, SCORE_COLUMNS["criterion"]))
            unit = units.setdefault(unit_code, {"code": unit_code, "name": "", "scores": {}})
            if not unit["name"] and "unit_name" in row:
                unit["name"] = str(row["unit_name"]).strip()
            if code in unit["scores"]:
                wvi, _wen = _where(ws, row_no, SCORE_COLUMNS["criterion"])
                raise DomainError(
                    "duplicate_score",
                    gettext_noop(
                        "%(where)s: đơn vị %(unit_code)s có hai dòng điểm cho tiêu chí %(code_value)s"
                    ),
                    where=wvi,
                    unit_code=unit_code,
                    code_value=code,
                )
            entry: dict[str, Any] = {}
            for key in ("self", "round1", "round2"):
                if key in row:
                    entry[key] = to_decimal(row[key], *_where(ws, row_no, SCORE_COLUMNS[key]))
            if "not_applicable" in row:
                entry["not_applicable"] = to_bool(
                    row["not_applicable"], *_where(ws, row_no, SCORE_COLUMNS["not_applicable"])
                )
            unit["scores"][code] = entry
    return units


def _read_adjustments(workbook: Any, units: dict[str, dict[str, Any]]) -> None:
    ws = _optional_sheet(workbook, ADJUST_SHEET)
    if ws is None:
        return
    for row_no, row in _table(ws, ADJUST_COLUMNS, "unit_code"):
        unit_code = to_code(row.get("unit_code"), *_where(ws, row_no, ADJUST_COLUMNS["unit_code"]))
        kind = KIND_WORDS.get(_norm(row.get("kind")))
        if kind is None:
            wvi, _wen = _where(ws, row_no, ADJUST_COLUMNS["kind"])
            raise DomainError(
                "invalid_value", gettext_noop("%(where)s: loại phải là 'Thưởng' hoặc 'Phạt'"), where=wvi
            )
        points = to_decimal(row.get("points"), *_where(ws, row_no, ADJUST_COLUMNS["points"]))
        unit = units.setdefault(unit_code, {"code": unit_code, "name": "", "scores": {}})
        unit.setdefault(kind, []).append({"points": points, "reason": str(row.get("reason", "")).strip()})


# --------------------------------------------------------------------------------------------------- xlsx writing


def _meta_json(value: Any) -> str:
    def default(obj: Any) -> Any:
        if isinstance(obj, Decimal):
            return int(obj) if obj == obj.to_integral_value() else float(obj)
        raise TypeError(type(obj).__name__)

    return json.dumps(value, ensure_ascii=False, default=default)


def write_framework_xlsx(
    framework: Framework,
    path: str | Path,
    *,
    stage: str | None = None,
    units: Sequence[UnitInput] = (),
    penalty_points: Any = None,
    evidence_window: tuple[Any, Any] | None = None,
) -> None:
    """Export a framework (and optionally units' scores) in the layout :func:`read_xlsx` reads back; the settings
    a stored framework has beyond the core (points per penalty, evidence window) are passed by the caller."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from cchc.core.excel import active_sheet
    from cchc.core.safe_text import neutralise_workbook

    bold = Font(bold=True)
    wb = Workbook()
    ws = active_sheet(wb)
    ws.title = SETTINGS_SHEET[0]
    settings: list[tuple[str, Any]] = [
        ("name", framework.name),
        ("year", framework.year),
        ("bonus_cap", framework.bonus_cap),
        ("description", framework.description),
    ]
    if penalty_points is not None:
        settings.append(("penalty_points", penalty_points))
    if evidence_window and all(evidence_window):
        settings += [("evidence_from", evidence_window[0]), ("evidence_to", evidence_window[1])]
    if stage is not None:
        settings.append(("stage", stage))
    for key, value in settings:
        _append(ws, [f"{SETTINGS[key]} ({key})", value])
        if key.startswith("evidence_"):
            ws.cell(ws.max_row, 2).number_format = "dd/mm/yyyy"
    ws.column_dimensions["A"].width = 32
    ws.column_dimensions["B"].width = 80

    ws = wb.create_sheet(BANDS_SHEET[0])
    _header(ws, BAND_COLUMNS, bold)
    for band in framework.bands:
        _append(ws, [band.name, band.min])

    ws = wb.create_sheet(CRITERIA_SHEET[0])
    _header(ws, CRITERIA_COLUMNS, bold)
    for top in framework.criteria:
        _write_criterion(ws, top, None, 0, bold, Alignment)
    ws.column_dimensions["B"].width = 60
    ws.column_dimensions["E"].width = 60

    ws = wb.create_sheet(SCORES_SHEET[0])
    _header(ws, SCORE_COLUMNS, bold)
    for unit in units:
        for code, s in unit.scores.items():
            _append(
                ws,
                [
                    unit.code,
                    unit.name,
                    code,
                    s.self_score,
                    s.round1,
                    s.round2,
                    "x" if s.not_applicable else None,
                ],
            )
            ws.cell(ws.max_row, 1).number_format = "@"
            ws.cell(ws.max_row, 3).number_format = "@"

    ws = wb.create_sheet(ADJUST_SHEET[0])
    _header(ws, ADJUST_COLUMNS, bold)
    for unit in units:
        for label, entries in (("Thưởng", unit.bonus), ("Phạt", unit.penalties)):
            for entry in entries:
                _append(ws, [unit.code, label, entry.points, entry.reason])
    neutralise_workbook(wb)  # a criterion titled "=…" or "- …" is text, read back exactly as written
    wb.save(Path(path))


def _append(ws: Any, row: list[Any]) -> None:
    """Append a row of values made safe for the sheet (no character XML cannot hold)."""
    from cchc.core.safe_text import safe_cell

    ws.append([safe_cell(v) for v in row])


def _header(ws: Any, columns: Mapping[str, str], bold: Any) -> None:
    _append(ws, [f"{label} ({key})" for key, label in columns.items()])
    for cell in ws[1]:
        cell.font = bold
    ws.freeze_panes = "A2"


def _write_criterion(
    ws: Any, node: Criterion, parent: str | None, level: int, bold: Any, alignment: Any
) -> None:
    meta = node.meta
    thresholds = meta.get("thresholds")
    _append(
        ws,
        [
            node.code,
            node.title,
            node.max,
            parent,
            meta.get("guidance"),
            _yes(meta.get("evidence_required")),
            meta.get("method"),
            None if thresholds is None else _meta_json(thresholds),
            _yes(meta.get("survey_measured")),
            None if meta.get("rule_params") is None else _meta_json(meta["rule_params"]),
        ],
    )
    row = ws.max_row
    ws.cell(row, 1).number_format = "@"
    ws.cell(row, 4).number_format = "@"
    ws.cell(row, 2).alignment = alignment(indent=level, wrap_text=True)
    if not node.is_leaf:
        ws.cell(row, 1).font = bold
        ws.cell(row, 2).font = bold
    for child in node.children:
        _write_criterion(ws, child, node.code, level + 1, bold, alignment)


def _yes(value: Any) -> str | None:
    return "x" if value is True else None
