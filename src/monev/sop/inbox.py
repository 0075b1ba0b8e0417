"""The SOP steps waiting for a user, for the home page's "Menunggu tindakan saya"."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from monev.core import inbox
from monev.sop import selectors


def items_for(user: Any) -> list[inbox.InboxItem]:
    runs = selectors.runs_waiting_for(user)
    if not runs:
        return []
    calendar = selectors.work_calendar(runs[0].cycle.agency)
    items = []
    for run in runs:
        timing = selectors.run_timing(calendar, run)
        label = str(timing.label)
        if timing.late_minutes:
            label = _("Terlambat %(late)s") % {
                "late": selectors.minutes_label(calendar, timing.late_minutes)
            }
        elif timing.status == "mendekati_batas":
            label = _("Sisa %(left)s") % {
                "left": selectors.minutes_label(calendar, timing.remaining_minutes)
            }
        approval = run.is_awaiting_approval
        title = _("Langkah %(n)s: %(desc)s") % {"n": run.number, "desc": run.step.description}
        items.append(
            inbox.InboxItem(
                title=(_("Persetujuan — ") + title) if approval else title,
                url=reverse("sop:cycle_detail", args=[run.cycle_id]) + f"#langkah-{run.number}",
                subtitle=str(run.cycle),
                due_at=run.due_at,
                status=timing.status,
                status_label=label,
            )
        )
    return items


def running_cycles_panel(user: Any) -> inbox.HomePanel | None:
    """The cycles in progress at a glance: current step, holder and timeliness."""
    if not user.is_authenticated or not user.roles:
        return None
    cycles = [c for c in selectors.cycles_visible_to(user) if c.status == "berjalan"]
    if not cycles:
        return None
    calendar = selectors.work_calendar(cycles[0].agency)
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
    inbox.register(items_for)
    inbox.register_panel(running_cycles_panel)
