"""The Excel export of a framework with texts that look like formulas: inert in the file, read back exactly."""

from __future__ import annotations

import json

import openpyxl

from cchc.parindex.loaders import load_input, write_framework_xlsx

from .factories import contract_input

HYPERLINK = '=HYPERLINK("http://x","y")'


def test_formula_like_titles_are_inert_text_and_round_trip(tmp_path):
    doc = contract_input()
    fw = doc["framework"]
    fw["name"] = "- Chỉ số CCHC 2024"
    fw["criteria"][0]["title"] = HYPERLINK
    fw["criteria"][0]["children"][0]["title"] = "+1 kế hoạch"
    fw["criteria"][0]["children"][1]["title"] = "@SUM(A1)"
    doc["units"][0]["name"] = "-2+3"
    doc["units"][0]["bonus"][0]["reason"] = "=1+1\x0b sáng kiến"
    source = tmp_path / "input.json"
    source.write_text(json.dumps(doc, ensure_ascii=False, default=str), encoding="utf-8")
    data = load_input(source)
    path = tmp_path / "input.xlsx"
    write_framework_xlsx(data.framework, path, stage=data.stage, units=data.units)

    wb = openpyxl.load_workbook(path)
    texts = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert all(c.data_type == "s" for c in texts)
    leading = [c for c in texts if c.value[:1] in "=+-@"]
    assert len(leading) >= 6 and all(c.quotePrefix for c in leading)

    again = load_input(path)
    assert again.framework.name == "- Chỉ số CCHC 2024"
    assert [again.framework.by_code[c].title for c in ("1", "1.1", "1.2")] == [
        HYPERLINK,
        "+1 kế hoạch",
        "@SUM(A1)",
    ]
    assert again.units[0].name == "-2+3"
    assert again.units[0].bonus[0].reason == "=1+1\n sáng kiến"  # the vertical tab became a line break
