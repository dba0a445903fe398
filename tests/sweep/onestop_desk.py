"""The one-stop desk's workflow pages (issue 16): the steps on a dossier and its forms (Mẫu 01, 02, 03, 05)."""

from __future__ import annotations


def _step(w):
    d = w.objects["dossier"]
    return [
        ({"code": d.code, "step": step}, d.unit) for step in ("supplement_requested", "refused", "result")
    ]


def _form(w):
    d = w.objects["dossier"]
    return [({"code": d.code, "form": form}, d.unit) for form in ("01", "05")]


TARGETS = {
    "onestop:dossier_step": _step,
    "onestop:dossier_form_docx": _form,
}
