"""Small builders for the PAR index tests (plain dicts in the contract's JSON shape)."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

from cchc.parindex.parsing import EvaluationInput, parse_input
from cchc.parindex.scoring import Evaluation, evaluate

BANDS = [
    {"name": "Xuất sắc", "min": 95},
    {"name": "Tốt", "min": 80},
    {"name": "Khá", "min": 70},
    {"name": "Hoàn thành nhiệm vụ", "min": 50},
    {"name": "Chưa hoàn thành nhiệm vụ", "min": 0},
]

# The example of contracts/parindex.md, verbatim (numbers as the JSON loader reads them).
CONTRACT_INPUT: dict[str, Any] = {
    "framework": {
        "name": "Chỉ số CCHC của Công an các đơn vị, địa phương năm 2024",
        "year": 2024,
        "bonus_cap": 2,
        "bands": BANDS,
        "criteria": [
            {
                "code": "1",
                "title": "Công tác chỉ đạo, điều hành CCHC",
                "children": [
                    {"code": "1.1", "title": "Kế hoạch CCHC năm", "max": Decimal("2.5")},
                    {
                        "code": "1.2",
                        "title": "Báo cáo CCHC",
                        "children": [
                            {"code": "1.2.1", "title": "Số lượng báo cáo", "max": 1},
                            {"code": "1.2.2", "title": "Thời hạn gửi báo cáo", "max": 1},
                        ],
                    },
                ],
            }
        ],
    },
    "stage": "appraised",
    "units": [
        {
            "code": "PC06",
            "name": "Phòng Cảnh sát QLHC về TTXH",
            "scores": {
                "1.1": {"self": Decimal("2.5"), "round1": Decimal("2.0"), "round2": Decimal("2.25")},
                "1.2.1": {"self": 1, "round1": 1},
                "1.2.2": {"not_applicable": True},
            },
            "bonus": [{"points": 1, "reason": "Sáng kiến CCHC cấp tỉnh được công nhận"}],
            "penalties": [{"points": 2, "reason": "Đơn thư phản ánh được xác minh đúng"}],
        }
    ],
}

CONTRACT_OUTPUT: dict[str, Any] = {
    "framework": "Chỉ số CCHC của Công an các đơn vị, địa phương năm 2024",
    "stage": "appraised",
    "units": [
        {
            "code": "PC06",
            "name": "Phòng Cảnh sát QLHC về TTXH",
            "achieved": 3.25,
            "max": 3.5,
            "bonus": 1,
            "penalty": 2,
            "index": 64.29,
            "band": "Hoàn thành nhiệm vụ",
            "rank": 1,
            "fields": [
                {
                    "code": "1",
                    "title": "Công tác chỉ đạo, điều hành CCHC",
                    "achieved": 3.25,
                    "max": 3.5,
                    "percent": 92.86,
                }
            ],
            "warnings": [],
        }
    ],
}


def contract_input() -> dict[str, Any]:
    return copy.deepcopy(CONTRACT_INPUT)


def flat_doc(
    maxima: dict[str, Any], units: list[dict[str, Any]], *, stage: str = "appraised", bonus_cap: Any = 2
) -> dict[str, Any]:
    """A framework with one field "A" holding the given leaves, plus units."""
    leaves = [{"code": code, "title": f"Tiêu chí {code}", "max": mx} for code, mx in maxima.items()]
    return {
        "framework": {
            "name": "Thử",
            "year": 2024,
            "bonus_cap": bonus_cap,
            "bands": BANDS,
            "criteria": [{"code": "A", "title": "Lĩnh vực A", "children": leaves}],
        },
        "stage": stage,
        "units": units,
    }


def unit(code: str, scores: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"code": code, "name": f"Đơn vị {code}", "scores": scores, **extra}


def run(doc: dict[str, Any]) -> Evaluation:
    data: EvaluationInput = parse_input(doc)
    return evaluate(data.framework, data.units, data.stage)
