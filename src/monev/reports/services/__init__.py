"""Writes of the report, by sub-area (issue #22: no module past ~500 lines):

- `drafting`: step 8 — freeze the snapshot, edit sections, render a version;
- `queue`: background renders — request a job, enqueue it, sweep jobs whose worker died;
- `worker`: the body of the render task (`monev.reports.tasks` calls `job_run`);
- `review`: steps 9–12 — `report_transition`, the one audited function that changes a
  report's status over `monev.domain.report_flow.REPORT`, threads, notulen, verification;
- `final`: the final document — nomor, signatory, submission and ratification;
- `uploads`: step 10 — an edited DOCX read back into a new version.

Callers keep importing `monev.reports.services`: every public name is here."""

from __future__ import annotations

from monev.reports import render_pdf
from monev.reports.services.drafting import (
    FINAL_KEYS,
    Progress,
    _final_base,
    _may_write,
    _next_version_number,
    _refuse_unchanged,
    _render_bytes,
    _require_editable,
    draft_mark,
    edited_sections,
    final_details,
    latest_version,
    render_bytes,
    report_freeze,
    section_save,
    snapshot_of,
    unchanged_since,
    version_render,
)
from monev.reports.services.final import (
    already_ratified,
    document_identifier,
    final_is_rendered,
    final_set,
    final_submit,
    number_for,
    ratification_return,
    ratify,
)
from monev.reports.services.queue import (
    _enqueue,
    generate_request,
    sweep_stale_jobs,
    upload_request,
)
from monev.reports.services.review import (
    MENTION,
    PARTICIPANT_ROLES,
    THREAD_ACTIONS,
    _comment,
    _mentions,
    _participants,
    _report_url,
    _require_discussion,
    _review,
    _run_at,
    comment_reply,
    discussion_close,
    discussion_open,
    may_close_thread,
    may_comment,
    meeting_add,
    open_thread_count,
    report_parties,
    report_parties_agency,
    report_transition,
    revision_submit,
    step_returned,
    thread_open,
    thread_rank,
    thread_set_status,
    verification_return,
    verify,
)
from monev.reports.services.signing import current_pdf, report_sign, signing_state
from monev.reports.services.tte import pending_tte, tte_check, tte_complete
from monev.reports.services.uploads import (
    UNREADABLE,
    _table_place,
    version_upload,
)
from monev.reports.services.worker import (
    job_run,
)

__all__ = [
    "FINAL_KEYS",
    "MENTION",
    "PARTICIPANT_ROLES",
    "THREAD_ACTIONS",
    "UNREADABLE",
    "Progress",
    "_comment",
    "_enqueue",
    "_final_base",
    "_may_write",
    "_mentions",
    "_next_version_number",
    "_participants",
    "_refuse_unchanged",
    "_render_bytes",
    "_report_url",
    "_require_discussion",
    "_require_editable",
    "_review",
    "_run_at",
    "_table_place",
    "already_ratified",
    "comment_reply",
    "current_pdf",
    "discussion_close",
    "discussion_open",
    "document_identifier",
    "draft_mark",
    "edited_sections",
    "final_details",
    "final_is_rendered",
    "final_set",
    "final_submit",
    "generate_request",
    "job_run",
    "latest_version",
    "may_close_thread",
    "may_comment",
    "meeting_add",
    "number_for",
    "open_thread_count",
    "pending_tte",
    "ratification_return",
    "ratify",
    "render_bytes",
    "render_pdf",
    "report_freeze",
    "report_parties",
    "report_parties_agency",
    "report_sign",
    "report_transition",
    "revision_submit",
    "section_save",
    "signing_state",
    "snapshot_of",
    "step_returned",
    "sweep_stale_jobs",
    "thread_open",
    "thread_rank",
    "thread_set_status",
    "tte_check",
    "tte_complete",
    "unchanged_since",
    "upload_request",
    "verification_return",
    "verify",
    "version_render",
    "version_upload",
]
