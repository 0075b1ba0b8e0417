"""Step handlers: how features plug into an SOP step without changing the engine.

A feature registers, for a step *key* (`monev.sop.choices.StepKey`, never a step number), what
"the output exists" means (e.g. `pengumpulan_data`: every Bidang's data accepted) and the page
where the step is done. Because handlers attach to keys, an Administrator who inserts or
reorders steps in a new SOP version keeps every feature on the right step. A step without a
key, or whose key has no handler, is done by hand: its holder attaches the output document(s),
writes a note and marks it done.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class StepHandler:
    key: str  # a monev.sop.choices.StepKey value
    label: str | Promise
    url: Callable[[Any], str] | None = None  # run → URL of the step's own page
    output_ready: Callable[[Any], bool] | None = None  # run → may the step complete?
    # run → work to do when the step ends (`run.completed_by` is who completes or approves)
    on_complete: Callable[[Any], None] | None = None
    # (run, actor, note, at) → work to do when the step is sent back: the decision's «Tidak»
    # (step 11) or the approver's return (step 12), from whichever page it was taken, in the
    # engine's transaction (a refusal raised here leaves the step as it was).
    on_return: Callable[[Any, Any, str, Any], None] | None = None
    allows_override: bool = False  # may the holder complete it anyway, with a reason?
    # run → why the step cannot complete yet, in the feature's words ("3 Bidang belum
    # diterima"); empty when it can. Preferred over `output_ready` when both are given.
    blockers: Callable[[Any], list[str]] | None = None
    # The step's output is a document the system produces (the report, the archive):
    # nobody uploads it by hand, the page offers no upload.
    produces_output: bool = False


_handlers: dict[str, StepHandler] = {}

#: run → when the step could begin, for a step that waits on something outside its cycle;
#: None while it still waits. Kept apart from `StepHandler` so that the app that knows what
#: the step waits for registers it, whichever app registers the step's page and output.
AvailableFrom = Callable[[Any], datetime | None]
_available_from: dict[str, AvailableFrom] = {}


def register(*new: StepHandler) -> None:
    """Register each handler for its step key (replacing the key's handler, if any)."""
    for handler in new:
        _handlers[handler.key] = handler


def unregister(key: str) -> None:
    _handlers.pop(key, None)


def cycle_page(name: str) -> Callable[[Any], str]:
    """Return run → the URL named `name` of the run's cycle, for a `StepHandler.url`: the
    step's page is one of its cycle's (`reverse(name, args=[run.cycle_id])`)."""

    def url(run: Any) -> str:
        return reverse(name, args=[run.cycle_id])

    return url


@contextmanager
def done_by_hand(*keys: str) -> Iterator[None]:
    """Within the block the steps with `keys` have no handler: their holders attach the output
    by hand (the demo when it renders no reports, tests of the engine walking every step);
    afterwards their handlers are back as they were."""
    kept = {key: _handlers.pop(key) for key in keys if key in _handlers}
    try:
        yield
    finally:
        _handlers.update(kept)


def register_available_from(key: str, available_from: AvailableFrom) -> None:
    """Register when the step with `key` may begin, for a step that starts when its previous
    step ends but waits on something outside its cycle (the annual recap waits for TW IV's
    monev cycle): its time standard runs from that moment, not from its start."""
    _available_from[key] = available_from


def unregister_available_from(key: str) -> None:
    _available_from.pop(key, None)


def available_from(run: Any) -> datetime | None:
    """Return when the step of `run` could begin: its start, or later for a step registered
    with `register_available_from` (the moment what it waits for happened); None while it
    still waits. A step's time standard is counted from this moment."""
    waits = _available_from.get(getattr(run.step, "key", "") or "")
    if waits is None:
        return run.started_at
    moment = waits(run)
    if moment is None:
        return None
    return max(moment, run.started_at)


def get(key: str | None) -> StepHandler | None:
    """Return the handler of a step key; None for a step without key or without handler."""
    if not key:
        return None
    return _handlers.get(key)


def for_step(step: Any) -> StepHandler | None:
    """Return the handler of an SOP step (a `SopStep`), by its key."""
    return get(getattr(step, "key", ""))


def for_run(run: Any) -> StepHandler | None:
    """Return the handler of a step run, by its step's key."""
    return for_step(run.step)


def blockers(run: Any) -> list[str]:
    """Return why the step cannot complete yet, in the words of its feature (empty: it can).

    A step with a handler asks the handler (`blockers`, else `output_ready`); a step done by
    hand needs an attached output document.
    """
    handler = for_run(run)
    if handler is not None and handler.blockers is not None:
        return [str(b) for b in handler.blockers(run)]
    if handler is not None and handler.output_ready is not None:
        if handler.output_ready(run):
            return []
    elif (handler is not None and handler.produces_output) or run.documents.exists():
        return []
    return [
        _("Output «%(output)s» belum ada. Lampirkan dokumen output terlebih dahulu.")
        % {"output": run.step.output or _("dokumen")}
    ]
