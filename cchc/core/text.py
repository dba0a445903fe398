"""Text folding for accent-insensitive matching of Vietnamese ("cong an phuong" finds "Công an phường").

The database does the same with the ``cchc_fold`` SQL function (unaccent + lower), created by the core migration;
both must agree so that Python-side matching (plan import) and SQL search give the same answers.
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Lower-case, strip diacritics (đ → d), collapse whitespace."""
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped).strip().lower()


def nfc(text: str | None) -> str:
    return unicodedata.normalize("NFC", text or "").strip()
