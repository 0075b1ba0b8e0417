"""The SOP steps waiting for a user, for the home page's "Menunggu tindakan saya"."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from monev.accounts.models import User
from monev.core import inbox
from monev.sop import selectors
from monev.sop.choices import CycleStatus


def _calendar(user: User, agency: Any) -> Any:
    """The agency's working calendar, read once per request for the inbox and the panel
    (kept on the user object, like the user's roles)."""
    cached = getattr(user, "_inbox_calendar", None)
    if cached is None or cached[0] != agency.pk:
        cached = (agency.pk, selectors.work_calendar(agency))
        setattr(user, "_inbox_calendar", cached)  # noqa: B010 (a per-request cache)
    return cached[1]


def items_for(user: User) -> list[inbox.InboxItem]:
    runs = selectors.runs_waiting_for(user)
    if not runs:
        return []
    calendar = _calendar(user, runs[0].cycle.agency)
    items = []
    for run in runs:
        timing = selectors.run_timing(calendar, run)
        label = selectors.timing_text(calendar, timing)
        approval = run.is_awaiting_approval
        title = _("Langkah %(n)s: %(desc)s") % {"n": run.number, "desc": run.step.description}
        items.append(
            inbox.InboxItem(
                title=(_("Persetujuan — ") + title) if approval else title,
                url=reverse("sop:cycle_detail", args=[run.cycle_id]) + f"#langkah-{run.number}",
                subtitle=run.cycle.title,
                due_at=timing.due_at,
                status=timing.status,
                status_label=label,
            )
        )
    return items


def running_cycles_panel(user: User) -> inbox.HomePanel | None:
    """The cycles in progress at a glance: current step, holder and timeliness."""
    if not user.is_authenticated or not user.roles:
        return None
    cycles = list(selectors.cycles_visible_to(user).filter(status=CycleStatus.BERJALAN))
    if not cycles:
        return None
    calendar = _calendar(user, cycles[0].agency)
    rows = []
    for cycle in cycles:
        run = selectors.current_run(cycle)
        total = len(cycle.definition.steps.all())
        done = len({r.number for r in cycle.runs.all() if r.status == "selesai"})
        rows.append(
            {
                "cycle": cycle,
                "run": run,
                "timing": selectors.run_timing(calendar, run) if run else None,
                "progress": round(100 * done / total) if total else 0,
                "done": done,
                "total": total,
            }
        )
    return inbox.HomePanel("sop/home_panel.html", {"rows": rows})


def register() -> None:
    # Both read step runs, cycles, SOP steps, the work calendar and the user: rows that
    # replace the data token (monev.core.freshness.WATCHED), so they may be kept.
    inbox.register(items_for, kept=True)
    inbox.register_panel(running_cycles_panel, kept=True)
