"""Plan importer: Word / Excel / text plans -> one neutral table model -> tasks.  Pure: no Django.

Public API::

    extract_plan(path, year=None) -> dict          # the contract's `--json` document
    extract_plan_bytes(data, filename, year=None) -> dict

Both raise `cchc.core.cli.DomainError` for a file that cannot be read.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

from cchc.core.errors import DomainError, gettext_noop
from cchc.core.filelimits import (
    Limits,
    TooLarge,
    bounded_lines,
    check_size,
    check_zip,
    import_limits,
    number,
    size_text,
)
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
        raise DomainError(
            "bad_encoding",
            gettext_noop("Tệp %(filename)s: không đọc được nội dung văn bản (mã hóa không phải UTF-8)"),
            filename=filename,
        ) from exc


def read_document(data: bytes, filename: str, *, limits: Limits | None = None) -> Document:
    """Read bytes into the neutral model, by the file name's extension. A plan is read whole into memory, so the
    file is held to ``limits`` (the web's unless given) before a reader parses it: its size, a .docx/.xlsx's zip
    directory, and its paragraphs (lines), rows and table cells (:mod:`cchc.core.filelimits`)."""
    suffix = Path(filename).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise DomainError(
            "unsupported_format",
            gettext_noop(
                "Tệp %(filename)s: định dạng %(suffix)s không được hỗ trợ; chỉ nhận .docx, .xlsx, .txt, .md"
            ),
            filename=filename,
            suffix=suffix or "(không có phần mở rộng)",
        )
    if not data:
        raise DomainError("empty_file", gettext_noop("Tệp %(filename)s rỗng"), filename=filename)
    limits = limits or import_limits("web")
    check_size(data, filename, limits)
    if suffix == ".docx":
        from cchc.plans.importing.docx_reader import read_docx

        check_zip(data, filename, limits, kind="docx", whole=True)
        return read_docx(data, filename)
    if suffix == ".xlsx":
        from cchc.plans.importing.xlsx_reader import read_xlsx

        check_zip(data, filename, limits, kind="xlsx", whole=True)
        return read_xlsx(data, filename, limits=limits)
    from cchc.plans.importing.text_reader import read_text

    text = unicodedata.normalize("NFC", _decode(_within_document(data, filename, limits), filename))
    check_text(text, filename, limits)
    return read_text(text)


def _within_document(data: bytes, filename: str, limits: Limits) -> bytes:
    if len(data) > limits.document_bytes:
        raise TooLarge(
            gettext_noop("Tệp %(name)s vượt giới hạn %(size)s của một văn bản kế hoạch"),
            cap="document_bytes",
            name=filename,
            size=size_text(limits.document_bytes),
        )
    return data


def check_text(text: str, filename: str, limits: Limits) -> None:
    """A converted plan's table cells (tabs, pipes), its lines and their length within the caps."""
    cells = text.count("\t") + text.count("|")
    if cells > limits.document_cells:
        raise TooLarge(
            gettext_noop("Tệp %(name)s vượt giới hạn %(n)s ô bảng"),
            cap="document_cells",
            name=filename,
            n=number(limits.document_cells),
        )
    for count, _line in enumerate(bounded_lines(text, filename, limits), start=1):
        if count > limits.paragraphs:
            raise TooLarge(
                gettext_noop("Tệp %(name)s vượt giới hạn %(n)s dòng văn bản"),
                cap="paragraphs",
                name=filename,
                n=number(limits.paragraphs),
            )


def extract_plan_bytes(
    data: bytes, filename: str, year: int | None = None, *, limits: Limits | None = None
) -> dict[str, Any]:
    """Extract a plan from the bytes of a file called `filename` (within ``limits``, the web's unless given)."""
    return extract_document(read_document(data, filename, limits=limits), year)


def extract_plan(
    path: Path | str, year: int | None = None, *, limits: Limits | None = None
) -> dict[str, Any]:
    """Extract a plan from a file on disk (its size is checked before it is read)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        read_document(b"", path.name)  # raises the unsupported-type message
    if not path.is_file():
        raise DomainError("file_not_found", gettext_noop("Không tìm thấy tệp %(path)s"), path=path)
    limits = limits or import_limits("web")
    check_size(path, path.name, limits)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DomainError(
            "unreadable_file",
            gettext_noop("Không đọc được tệp %(path)s: %(reason)s"),
            path=path,
            reason=exc.strerror,
        ) from exc
    return extract_plan_bytes(data, path.name, year, limits=limits)
