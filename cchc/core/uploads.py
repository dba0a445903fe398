"""Evidence files (tài liệu kiểm chứng, minh chứng): the one place their type and size are checked.

A file is accepted when its extension is one of the office formats people send (pdf, doc, docx, xls, xlsx, images)
AND its first bytes are those of that format — a renamed ``.exe`` is refused whatever its name says. A .docx / .xlsx
must also pass the zip checks of :mod:`cchc.core.filelimits` (web limits): a zip bomb kept as evidence would burst
on the machine of whoever opens it.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cchc.core.filelimits import TooLarge, check_zip, import_limits

SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
    ".xls": (b"\xd0\xcf\x11\xe0",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".png": (b"\x89PNG",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF8",),
    ".webp": (b"RIFF",),
}


def check_evidence_file(f, *, max_bytes: int) -> None:
    """Raise ValidationError (Vietnamese, naming the file) unless ``f`` is an accepted evidence file."""
    name = getattr(f, "name", "") or ""
    ext = Path(name).suffix.lower()
    if ext not in SIGNATURES:
        raise ValidationError(
            _("Tệp %(name)s: chỉ nhận pdf, doc, docx, xls, xlsx hoặc ảnh (png, jpg, gif, webp).")
            % {"name": name}
        )
    if not f.size:
        raise ValidationError(_("Tệp %(name)s rỗng.") % {"name": name})
    if f.size > max_bytes:
        raise ValidationError(
            _("Tệp %(name)s quá lớn (tối đa %(mb)s MB).") % {"name": name, "mb": max_bytes // (1024 * 1024)}
        )
    head = f.read(8)
    f.seek(0)
    if not any(head.startswith(sig) for sig in SIGNATURES[ext]):
        raise ValidationError(_("Tệp %(name)s không đúng định dạng %(ext)s.") % {"name": name, "ext": ext})
    if ext in (".docx", ".xlsx"):
        try:
            check_zip(f, name, import_limits("web"), kind=ext[1:], tables=False)
        except TooLarge as exc:
            raise ValidationError(exc.message) from None
        finally:
            f.seek(0)
