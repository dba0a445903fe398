"""Plan importer: Word / Excel / text plans -> one neutral table model -> tasks.  Pure: no Django.

Public API::

    extract_plan(path, year=None) -> dict          # the contract's `--json` document
    extract_plan_bytes(data, filename, year=None) -> dict

Both raise `cchc.core.cli.BadInput` for a file that cannot be read.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

from cchc.core.cli import BadInput
from cchc.plans.importing.extract import extract_document
from cchc.plans.importing.model import Document

SUPPORTED_SUFFIXES = (".docx", ".xlsx", ".txt", ".md")

__all__ = ["SUPPORTED_SUFFIXES", "extract_plan", "extract_plan_bytes", "read_document"]


def _decode(data: bytes, filename: str) -> str:
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        return text
    try:
        return data.decode("cp1258")
    except UnicodeDecodeError as exc:
        raise BadInput(
            f"Tệp {filename}: không đọc được nội dung văn bản (mã hóa không phải UTF-8)",
            f"{filename}: text is not UTF-8",
        ) from exc


def read_document(data: bytes, filename: str) -> Document:
    """Read bytes into the neutral model, by the file name's extension."""
    suffix = Path(filename).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise BadInput(
            f"Tệp {filename}: định dạng {suffix or '(không có phần mở rộng)'} không được hỗ trợ; "
            "chỉ nhận .docx, .xlsx, .txt, .md",
            f"{filename}: unsupported file type, use .docx, .xlsx, .txt or .md",
        )
    if not data:
        raise BadInput(f"Tệp {filename} rỗng", f"{filename} is empty")
    if suffix == ".docx":
        from cchc.plans.importing.docx_reader import read_docx

        return read_docx(data, filename)
    if suffix == ".xlsx":
        from cchc.plans.importing.xlsx_reader import read_xlsx

        return read_xlsx(data, filename)
    from cchc.plans.importing.text_reader import read_text

    return read_text(unicodedata.normalize("NFC", _decode(data, filename)))


def extract_plan_bytes(data: bytes, filename: str, year: int | None = None) -> dict[str, Any]:
    """Extract a plan from the bytes of a file called `filename`."""
    return extract_document(read_document(data, filename), year)


def extract_plan(path: Path | str, year: int | None = None) -> dict[str, Any]:
    """Extract a plan from a file on disk."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        read_document(b"", path.name)  # raises the unsupported-type message
    if not path.is_file():
        raise BadInput(f"Không tìm thấy tệp {path}", f"file not found: {path}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BadInput(f"Không đọc được tệp {path}: {exc.strerror}", f"cannot read {path}") from exc
    return extract_plan_bytes(data, path.name, year)
