"""Writes of the SOP engine, one module per sub-area: the cycle and its steps (`steps`: the
only code that changes a cycle's or a step run's status, through the one transition service
`monev.core.transitions`) and the administrator's set-up (`setup`: SOP versions and the work
calendar). Reads are in `monev.sop.selectors`; who may act in `monev.sop.policies`.

Callers use `from monev.sop import services` and `services.<name>`: the names below are the
package's interface.
"""

from monev.sop.services.setup import (
    calendar_update,
    day_off_add,
    day_off_delete,
    definition_create,
    definition_load_seed,
    definition_new_version,
    definitions_load_defaults,
)

# reports' test fixtures start a run directly (tests/conftest of reports); not for product code
from monev.sop.services.steps import (
    _start_run,  # noqa: F401
    cycle_open,
    document_attach,
    step_act,
    step_approve,
    step_complete,
    step_return,
    step_return_approval,
)

__all__ = [
    "calendar_update",
    "cycle_open",
    "day_off_add",
    "day_off_delete",
    "definition_create",
    "definition_load_seed",
    "definition_new_version",
    "definitions_load_defaults",
    "document_attach",
    "step_act",
    "step_approve",
    "step_complete",
    "step_return",
    "step_return_approval",
]
