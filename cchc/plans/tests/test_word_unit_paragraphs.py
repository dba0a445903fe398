"""Issue 14: a Word plan whose unit cells list one unit per paragraph (the usual layout), with the task table split
across pages (the header repeated on the next page, one task's row broken over the page) and section rows merged
across the columns, is read as well as seed 000's own layout (>= 95% on each field against the truth labels)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cchc.plans.importing.quality import FIELDS, measure
from cchc.plans.tests.support import truth
from cchc.plans.tests.test_import_plan_command import run

GOAL = 95.0
HEADER = ["STT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành", "Sản phẩm"]


def _units(cell, units: list[str]) -> None:
    for i, unit in enumerate(units):
        paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        paragraph.add_run(unit)


def _rows(labels: dict[str, Any]) -> list[tuple[str, Any]]:
    rows: list[tuple[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for task in labels["tasks"]:
        section_code = ".".join(task["code"].split(".")[:-1])
        if section_code and task.get("section") and (section_code, task["section"]) not in seen:
            seen.add((section_code, task["section"]))
            rows.append(("section", (section_code, task["section"])))
        rows.append(("task", task))
    return rows


def write_plan(labels: dict[str, Any], path: Path) -> Path:
    import docx
    from docx.enum.text import WD_BREAK

    word = docx.Document()
    for text in ("CÔNG AN THÀNH PHỐ HẢI PHÒNG", f"Số: {labels['doc_number']}", "KẾ HOẠCH"):
        word.add_paragraph(text)
    word.add_paragraph("Thực hiện công tác cải cách hành chính năm 2026")
    rows = _rows(labels)
    half = next(
        k for k in range(len(rows) // 2, len(rows)) if rows[k][0] == "task" and rows[k][1]["coordinate"]
    )
    for page, chunk in enumerate((rows[: half + 1], rows[half:])):
        if page:
            word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        table = word.add_table(rows=1, cols=len(HEADER))
        for c, title in enumerate(HEADER):
            table.rows[0].cells[c].paragraphs[0].add_run(title).bold = True
        for k, (kind, value) in enumerate(chunk):
            cells = table.add_row().cells
            if kind == "section":
                cells[0].paragraphs[0].add_run(value[0]).bold = True
                cells[1].merge(cells[-1]).paragraphs[0].add_run(value[1]).bold = True
                continue
            content, lead, coordinate = value["content"] or "", value["lead"], value["coordinate"]
            broken = (page == 0 and k == len(chunk) - 1, page == 1 and k == 0)
            words = content.split()
            cut = len(words) // 2
            if broken[0]:  # the top half of a row broken by the page: its first units only
                content, coordinate = " ".join(words[:cut]), coordinate[:1]
            elif broken[1]:  # the rest, without a number, on the next page
                content, lead, coordinate = " ".join(words[cut:]).lower(), [], coordinate[1:]
            if not broken[1]:
                cells[0].paragraphs[0].add_run(value["code"])
            cells[1].paragraphs[0].add_run(content)
            _units(cells[2], lead)
            _units(cells[3], coordinate)
            if not broken[1]:
                cells[4].paragraphs[0].add_run(value.get("deadline_raw") or "")
                cells[5].paragraphs[0].add_run(value.get("product") or "")
    word.save(str(path))
    return path


def test_one_unit_per_paragraph_across_pages(tmp_path):
    labels = truth("000")
    result = run(str(write_plan(labels, tmp_path / "ke-hoach.docx")), "--json")  # as a user calls it
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    report = measure(out, labels)
    print(report.line("seed 000 (Word, one unit per paragraph): "))
    assert {t["table"] for t in out["tasks"]} == {1}  # the header repeated on page 2 continues table 1
    assert report.percent("found") >= GOAL, report.line()
    for name in FIELDS:
        assert report.percent(name) >= GOAL, f"{name}: {report.misses[:5]}"
    by_code = {t["code"]: t for t in out["tasks"]}
    assert by_code["1.5"]["lead"][:3] == ["PV01", "PV06", "PH10"]
