"""Writes of quarterly data (SOP steps 1–2), one module per sub-area: the format isian of each
Bidang — made for the cycle, saved as a draft — (`isian`), its way through the submission table
and the reminder (`review`), evidence files (`evidence`) and the correction of a stored value
after the lock (`correction`). Every write is audited; who may act is
`monev.collection.policies`; reads are in `selectors`.

Callers use `from monev.collection import services` and `services.<name>`: the names below are
the package's interface.
"""

from monev.collection.services.correction import realization_correct
from monev.collection.services.evidence import evidence_attach, evidence_record
from monev.collection.services.isian import (
    EDITABLE,
    LOCKED_MESSAGE,
    IndicatorInput,
    StaleVersion,
    check_editor,
    step2_ready,
    submission_save,
    submissions_prepare,
)
from monev.collection.services.review import (
    remind_bidang,
    submission_accept,
    submission_act,
    submission_return,
    submission_submit,
)

__all__ = [
    "EDITABLE",
    "LOCKED_MESSAGE",
    "IndicatorInput",
    "StaleVersion",
    "check_editor",
    "evidence_attach",
    "evidence_record",
    "realization_correct",
    "remind_bidang",
    "step2_ready",
    "submission_accept",
    "submission_act",
    "submission_return",
    "submission_save",
    "submission_submit",
    "submissions_prepare",
]
