"""The numbers of the forms a unit issues, per unit, year and form: the apology letter (Phiếu xin lỗi và hẹn lại
ngày trả kết quả, "…/PXL") and the desk's numbered steps (Mẫu 02 "…/HDHS", Mẫu 03 "…/TC"). The desk receipt has its
own counter (``importing.desk_number_next``).

A number is taken from the counter row of the unit, year and form (``FormCounter``), which stays locked until the
form's transaction ends: two forms issued at once never get the same number, and a rollback leaves no gap. The row is
made at the unit's first form of the year, after the highest number its forms of that year already carry (those
issued before the counter existed).
"""

from __future__ import annotations

from django.db import connection

APOLOGY = "apology"

_NEXT_SQL = """
UPDATE onestop_formcounter SET last = last + 1
WHERE unit_id = %(unit)s AND year = %(year)s AND form = %(form)s
RETURNING last
"""

# the highest number already used, per form
_APOLOGY_SEED = """
SELECT max(a.number) FROM onestop_apologyletter a JOIN onestop_dossier d ON d.id = a.dossier_id
WHERE d.unit_id = %(unit)s AND a.year = %(year)s
"""
_STEP_SEED = """
SELECT max(s.number) FROM onestop_deskstep s JOIN onestop_dossier d ON d.id = s.dossier_id
WHERE d.unit_id = %(unit)s AND s.year = %(year)s AND s.kind = %(form)s
"""

_FIRST_SQL = """
INSERT INTO onestop_formcounter (unit_id, year, form, last)
SELECT %(unit)s, %(year)s, %(form)s, COALESCE(({seed}), 0) + 1
ON CONFLICT (unit_id, year, form) DO UPDATE SET last = onestop_formcounter.last + 1
RETURNING last
"""


def next_number(*, unit_id: int, year: int, form: str) -> int:
    """The unit's next number of ``form`` for ``year`` (``APOLOGY`` or a desk step's kind)."""
    params: dict[str, int | str] = {"unit": unit_id, "year": year, "form": form}
    with connection.cursor() as cur:
        cur.execute(_NEXT_SQL, params)
        row = cur.fetchone()
        if row is None:  # the unit's first of the year: the row made (or, made meanwhile, incremented)
            seed = _APOLOGY_SEED if form == APOLOGY else _STEP_SEED
            cur.execute(_FIRST_SQL.format(seed=seed), params)
            row = cur.fetchone()
    assert row is not None
    return int(row[0])
