"""Neutral document -> the contract's plan dict (`shared/contracts/plans.md`, output of `--json`)."""

from __future__ import annotations

from typing import Any

from cchc.plans.importing.columns import COORDINATE, DEADLINE, LEAD, detect_header
from cchc.plans.importing.drafts import Draft, DraftBuilder
from cchc.plans.importing.metadata import read_body, read_metadata
from cchc.plans.importing.model import Document, Paragraph, Table
from cchc.plans.importing.ocr import ocr_drafts
from cchc.plans.importing.ocr_rows import interleaved_drafts
from cchc.plans.importing.prose import prose_drafts
from cchc.plans.importing.tasks import TaskBuilder


def _width(table: Table) -> int:
    return max((len(r.cells) for r in table.rows), default=0)


def table_drafts(doc: Document) -> list[Draft]:
    """Drafts of every task table; a header-less table right after a task table with the same
    number of columns continues it (a Word table broken by a page or a stray paragraph)."""
    drafts: list[Draft] = []
    ordinal = 0
    builder: DraftBuilder | None = None
    builder_roles: list[str | None] = []
    width = 0
    text_since_table = False
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            if block.text.strip():
                text_since_table = True
            continue
        header = detect_header(block.rows)
        if header is not None:
            first, span, roles = header
            if not (builder is not None and not text_since_table and first == 0 and roles == builder_roles):
                # A new table; the same header repeated on the next page with nothing between continues it.
                ordinal += 1
                builder = DraftBuilder(ordinal, roles, drafts)
                builder_roles = roles
            width = _width(block)
            rows = block.rows[first + span :]
        elif builder is not None and not text_since_table and abs(_width(block) - width) <= 1:
            rows = block.rows
        else:
            builder = None
            continue
        for row in rows:
            builder.add_row(row)
        text_since_table = False
    return drafts


def _complete(drafts: list[Draft]) -> int:
    """Tasks with a number, a lead unit and a deadline: how well a reader understood a table."""
    return sum(1 for d in drafts if d.code and d.text(LEAD) and d.text(DEADLINE))


def _interleaved(drafts: list[Draft]) -> bool:
    """The interleaved-row reader anchors rows on unit cells that every row has: trust it only
    when most of its rows did find both a lead and a coordinating unit cell."""
    coded = [d for d in drafts if d.code]
    return bool(coded) and 3 * sum(1 for d in coded if d.text(LEAD) and d.text(COORDINATE)) >= 2 * len(coded)


def extract_document(doc: Document, year: int | None = None) -> dict[str, Any]:
    """Extract metadata and tasks. `year` is used when the document does not state its year."""
    warnings: list[str] = []
    meta = read_metadata(doc)
    plan_year = meta.year or year
    if year and meta.year and year != meta.year:
        warnings.append(f"văn bản ghi năm {meta.year}; bỏ qua năm {year} đã chọn")
    drafts = table_drafts(doc)
    if not drafts:
        prose = prose_drafts(doc.paragraphs)
        ocr = ocr_drafts(doc.paragraphs)
        row_warnings: list[str] = []
        rows = interleaved_drafts(doc.paragraphs, row_warnings)
        coded = [sum(1 for d in found if d.code) for found in (prose, ocr)]
        drafts = prose if coded[0] >= coded[1] else ocr
        if _interleaved(rows) and _complete(rows) > max(_complete(ocr), _complete(prose)):
            drafts = rows
        if drafts and drafts is not prose:
            warnings.append(
                "nhiệm vụ đọc từ văn bản quét (OCR) không có cấu trúc bảng: hãy kiểm tra đơn vị và thời hạn"
            )
        if drafts is rows:
            warnings.extend(row_warnings)
    if not drafts:
        warnings.append("không tìm thấy bảng nhiệm vụ")
    tasks = TaskBuilder(drafts, plan_year, warnings).build()
    return {
        "doc_number": meta.doc_number,
        "issue_date": meta.issue_date.isoformat() if meta.issue_date else None,
        "issuer": meta.issuer,
        "title": meta.title,
        "year": plan_year,
        "tasks": tasks,
        "body": read_body(doc, meta.title),
        "warnings": warnings,
        "reporting": _reporting(doc),
    }


def _reporting(doc: Document) -> dict[str, Any] | None:
    """The periodic reports the plan's text asks for (issue 14: the import proposes the reporting cycle)."""
    from cchc.reports.plan_rule import reporting_rule

    rule = reporting_rule("\n".join(p.text for p in doc.paragraphs))
    return rule.as_dict() if rule is not None else None
