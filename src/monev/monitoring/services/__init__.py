"""Writes of monev visits (SOP steps 4–6), one module per sub-area: checklist templates
(`checklists`), the plan (`plan`, step 4), the blangko (`blangko`, step 5) and the visit's
status after it with the step 6 decisions (`answer`). Every write is audited; every status
change goes through the one transition service `monev.core.transitions` and the tables of
`monev.domain.monitoring_flow`; who may act is `monev.monitoring.policies`. Recommendations'
follow-ups across quarters are in `monev.monitoring.followups`; reads in `selectors`.

Callers use `from monev.monitoring import services` and `services.<name>`: the names below are
the package's interface.
"""

from monev.monitoring.services._common import check_length, sent_before
from monev.monitoring.services.answer import (
    correction_decide,
    visit_answer,
    visit_reopen,
    visit_submit,
)
from monev.monitoring.services.blangko import (
    answers_save,
    check_filler,
    finding_add,
    finding_delete,
    indicator_verify,
    line_key,
    photo_add,
    recommendation_add,
    recommendation_delete,
    stamp_fields,
    store_image,
    summary_save,
)
from monev.monitoring.services.checklists import checklist_save, default_checklist
from monev.monitoring.services.plan import PlanInput, plan_approved, visit_delete, visit_plan

__all__ = [
    "PlanInput",
    "answers_save",
    "check_filler",
    "check_length",
    "checklist_save",
    "correction_decide",
    "default_checklist",
    "finding_add",
    "finding_delete",
    "indicator_verify",
    "line_key",
    "photo_add",
    "plan_approved",
    "recommendation_add",
    "recommendation_delete",
    "sent_before",
    "stamp_fields",
    "store_image",
    "summary_save",
    "visit_answer",
    "visit_delete",
    "visit_plan",
    "visit_reopen",
    "visit_submit",
]
