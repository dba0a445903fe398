"""PAR index views, one submodule per section, every view re-exported here for ``urls.py``: thin — check scope, call a
selector or a service, render."""

from .assessments import GRID_ACTIONS, POSTED_FIELDS, assessment_detail
from .council import consensus, minutes, version_diff
from .evidence import adjustment_add, adjustment_delete, criterion_detail, evidence_delete, evidence_file
from .frameworks import framework_detail, framework_import, framework_list, framework_sample
from .ranking import announcement, compare, ranking
from .rounds import (
    index,
    round_advance,
    round_create,
    round_detail,
    round_edit,
    round_input,
    round_publish,
    round_reopen,
    round_submit,
)
from .scorecard import scorecard

__all__ = [
    "GRID_ACTIONS",
    "POSTED_FIELDS",
    "adjustment_add",
    "adjustment_delete",
    "announcement",
    "assessment_detail",
    "compare",
    "consensus",
    "criterion_detail",
    "evidence_delete",
    "evidence_file",
    "framework_detail",
    "framework_import",
    "framework_list",
    "framework_sample",
    "index",
    "minutes",
    "ranking",
    "round_advance",
    "round_create",
    "round_detail",
    "round_edit",
    "round_input",
    "round_publish",
    "round_reopen",
    "round_submit",
    "scorecard",
    "version_diff",
]
