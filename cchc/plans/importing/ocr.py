"""Best effort for OCR text whose tables lost their structure (seeds 002 and 004).

Placeholder: filled in later.
"""

from __future__ import annotations

from cchc.plans.importing.drafts import Draft
from cchc.plans.importing.model import Paragraph


def ocr_drafts(paragraphs: list[Paragraph]) -> list[Draft]:
    return []
