"""Step handlers: how later features plug into an SOP step without changing the engine.

A feature registers, for a step number, what "the output exists" means (e.g. step 2: every
Bidang's data accepted) and the page where the step is done. Without a handler a step is
done by hand: its holder attaches the output document(s), writes a note and marks it done.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class StepHandler:
    number: int
    label: str | Promise
    url: Callable[[Any], str] | None = None  # run → URL of the step's own page
    output_ready: Callable[[Any], bool] | None = None  # run → may the step complete?
    on_complete: Callable[[Any], None] | None = None  # run → work to do when the step ends
    allows_override: bool = False  # may the holder complete it anyway, with a reason?


_handlers: dict[int, StepHandler] = {}


def register(handler: StepHandler) -> None:
    _handlers[handler.number] = handler


def unregister(number: int) -> None:
    _handlers.pop(number, None)


def get(number: int) -> StepHandler | None:
    return _handlers.get(number)
