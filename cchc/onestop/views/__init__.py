"""One-stop pages, one submodule per section, every view re-exported here for ``urls.py``: thin views — parse, check
scope, call a selector or a service, render."""

from .calendar import work_calendar
from .desk import dossier_desk
from .dossiers import dossier_detail, dossier_list
from .figures import FIGURE_STATES, portal_figure_decide, portal_figure_queue, portal_figures
from .imports import dossier_import
from .indicators import LIGHT_LABELS, RANK_GROUP_LABELS, indicators, processing_times, report06
from .late import apology_create, apology_download, late_list
from .overview import index
from .procedures import procedure_detail, procedure_import, procedure_list
from .publish766 import public766, publication_manage
from .unit_procedures import unit_procedures
from .workflow import dossier_book, dossier_form_docx, dossier_step

__all__ = [
    "FIGURE_STATES",
    "LIGHT_LABELS",
    "RANK_GROUP_LABELS",
    "apology_create",
    "apology_download",
    "dossier_book",
    "dossier_desk",
    "dossier_detail",
    "dossier_form_docx",
    "dossier_import",
    "dossier_list",
    "dossier_step",
    "index",
    "indicators",
    "late_list",
    "portal_figure_decide",
    "portal_figure_queue",
    "portal_figures",
    "procedure_detail",
    "procedure_import",
    "procedure_list",
    "processing_times",
    "public766",
    "publication_manage",
    "report06",
    "unit_procedures",
    "work_calendar",
]
