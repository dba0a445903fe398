"""Hostile import files, made in memory for the tests of ``cchc.core.filelimits`` (never GBs on disk).

Each is a real .xlsx / .docx / .csv / .txt an importer would accept the look of: a zip bomb is a sheet or a document
of one repeated string, streamed through zlib chunk by chunk, so a few hundred KB stand for hundreds of MB.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable

MB = 1024 * 1024
SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
WORD_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _base_xlsx(titles: Iterable[str] = ("Thông tin",)) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "tmp"
    for title in titles:
        wb.create_sheet(title)["A1"] = "x"
    del wb["tmp"]
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _base_docx() -> bytes:
    import docx

    doc = docx.Document()
    doc.add_paragraph("KẾ HOẠCH")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def rezip(base: bytes, replace: dict[str, bytes | Callable[[object], None]]) -> bytes:
    """``base`` with some parts replaced: bytes, or a function writing the part to an open zip entry (streamed)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = replace.get(info.filename, src.read(info.filename))
            if callable(content):
                with dst.open(info.filename, "w") as fh:
                    content(fh)
            else:
                dst.writestr(info.filename, content)
    return out.getvalue()


def _repeat(head: bytes, unit: bytes, total: int, tail: bytes) -> Callable[[object], None]:
    def write(fh) -> None:
        fh.write(head)
        block = unit * max(1, MB // len(unit))
        for _ in range(total // len(block) + 1):
            fh.write(block)
        fh.write(tail)

    return write


def xlsx_zip_bomb(inflated: int = 250 * MB) -> bytes:
    """A workbook whose one sheet inflates to ``inflated`` bytes (~1000 times its compressed size)."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{SHEET_NS}"><sheetData>'.encode()
    row = b'<row r="1"><c r="A1" t="inlineStr"><is><t>bom</t></is></c></row>'
    sheet = _repeat(head, row, inflated, b"</sheetData></worksheet>")
    return rezip(_base_xlsx(), {"xl/worksheets/sheet1.xml": sheet})


def docx_zip_bomb(inflated: int = 40 * MB) -> bytes:
    """A Word file whose body inflates to ``inflated`` bytes of one repeated paragraph."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{WORD_NS}"><w:body>'.encode()
    para = b"<w:p><w:r><w:t>Nhiem vu</w:t></w:r></w:p>"
    body = _repeat(head, para, inflated, b"</w:body></w:document>")
    return rezip(_base_docx(), {"word/document.xml": body})


LAUGHS = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
"""


def xlsx_entity_bomb() -> bytes:
    """ "Billion laughs" in the sheet: one cell whose entity would expand to 3 GB."""
    sheet = (
        LAUGHS
        + (
            f'<worksheet xmlns="{SHEET_NS}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is>'
            "</c></row></sheetData></worksheet>"
        ).encode()
    )
    return rezip(_base_xlsx(), {"xl/worksheets/sheet1.xml": sheet})


def docx_entity_bomb() -> bytes:
    body = (
        LAUGHS
        + (
            f'<w:document xmlns:w="{WORD_NS}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>'
        ).encode()
    )
    return rezip(_base_docx(), {"word/document.xml": body})


def xlsx_far_cell(header: Iterable[str] = ("x",)) -> bytes:
    """A header row and one cell at XFD1048576, the sheet's declared extent to match: a few hundred bytes that
    openpyxl would read as 17 billion cells (rows padded to the sheet's width, the rows in between yielded empty)."""
    cells = "".join(
        f'<c r="{_letters(i + 1)}1" t="inlineStr"><is><t>{text}</t></is></c>' for i, text in enumerate(header)
    )
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{SHEET_NS}"><dimension ref="A1:XFD1048576"/>'
        f'<sheetData><row r="1">{cells}</row>'
        '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>y</t></is></c></row></sheetData></worksheet>'
    ).encode()
    return rezip(_base_xlsx(), {"xl/worksheets/sheet1.xml": sheet})


def _letters(n: int) -> str:
    out = ""
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(65 + rest) + out
    return out


def xlsx_rows(n: int, width: int = 1) -> bytes:
    """A sheet of ``n`` rows (written as XML: fast for hundreds of thousands)."""
    letters = [chr(65 + i) for i in range(width)]
    rows = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{col}{r}"><v>{r}</v></c>' for col in letters) + "</row>"
        for r in range(1, n + 1)
    )
    sheet = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{SHEET_NS}"><sheetData>{rows}</sheetData></worksheet>'
    return rezip(_base_xlsx(), {"xl/worksheets/sheet1.xml": sheet.encode()})


def xlsx_sheets(n: int) -> bytes:
    return _base_xlsx(["Thông tin", *(f"Trang {i}" for i in range(2, n + 1))])


def csv_rows(header: list[str], n: int) -> bytes:
    """A UTF-8 CSV: ``header`` then ``n`` rows of the header's width."""
    line = ",".join(["1"] * len(header)) + "\n"
    return (",".join(header) + "\n" + line * n).encode()


def text_lines(n: int) -> bytes:
    return ("KẾ HOẠCH\n" + "- nhiệm vụ\n" * n).encode()
