"""The permission matrix: every URL of the project × every persona → expected status.

Each later feature adds its URLs to `CASES`; `test_every_url_is_in_the_matrix` fails when a
URL exists that the matrix does not cover.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from monev.monitoring.tests import matrix as mx

#: Every persona the matrix walks (anonymous is handled on its own).
PERSONAS = (
    "admin",
    "kadis",
    "sekretaris",
    "kasubag",
    "kabid.koperasi",
    "operator.koperasi",
    "kabid.naker",
    "pemeriksa",
    "outsider",  # operator of another Bidang (Bidang UKM)
    "stranger",  # administrator of another agency
)
EVERYONE = frozenset(PERSONAS)
ADMIN = frozenset({"admin", "stranger"})
AUDIT = frozenset({"admin", "kadis", "pemeriksa", "stranger"})


@dataclass(frozen=True)
class Case:
    """One URL: who gets 200 (or `ok_status`); the rest get 403, or 404 when out of scope."""

    name: str
    allowed: frozenset[str]
    args: Callable[[dict[str, Any]], list[Any]] = lambda objs: []
    method: str = "get"
    data: dict[str, Any] = field(default_factory=dict)
    ok_status: int = 200
    hidden: frozenset[str] = frozenset()  # personas for whom the object does not exist (404)
    anonymous: int | str = "login"  # "login" = redirect to the login page, or a status code
    api: bool = False


def koperasi_unit(objs: dict[str, Any]) -> list[Any]:
    return [objs["unit"].pk]


def official(objs: dict[str, Any]) -> list[Any]:
    return [objs["official"].pk]


def archive_code(objs: dict[str, Any]) -> list[Any]:
    return [objs["archive_entry"].code]


def user(objs: dict[str, Any]) -> list[Any]:
    return [objs["user"].pk]


def audit_entry(objs: dict[str, Any]) -> list[Any]:
    return [objs["audit_entry"].pk]


STRANGER = frozenset({"stranger"})
EVERYONE_BUT_KASUBAG = EVERYONE - {"kasubag"}


def cycle(objs: dict[str, Any]) -> list[Any]:
    return [objs["cycle"].pk]


def delivery(objs: dict[str, Any]) -> list[Any]:
    return [objs["delivery"].pk]


def signature(objs: dict[str, Any]) -> list[Any]:
    return [objs["signature"].pk]


def report_thread(objs: dict[str, Any]) -> list[Any]:
    return [objs["report_thread"].pk]


#: Who takes part in the report's discussion (step 9).
PARTICIPANTS = frozenset({"kadis", "sekretaris", "kasubag", "kabid.koperasi", "kabid.naker"})


def run(objs: dict[str, Any]) -> list[Any]:
    return [objs["run"].pk]


def document(objs: dict[str, Any]) -> list[Any]:
    return [objs["document"].pk]


def definition(objs: dict[str, Any]) -> list[Any]:
    return [objs["definition"].pk]


def notification(objs: dict[str, Any]) -> list[Any]:
    return [objs["notification"].pk]


def indicator(objs: dict[str, Any]) -> list[Any]:
    return [objs["indicator"].pk]


def submission(objs: dict[str, Any]) -> list[Any]:
    return [objs["submission"].pk]


def evidence(objs: dict[str, Any]) -> list[Any]:
    return [objs["evidence"].pk]


def realization(objs: dict[str, Any]) -> list[Any]:
    return [objs["realization"].pk]


#: Bidang Koperasi's form: agency-wide roles and its own Bidang users; other Bidang: 404.
KOPERASI_FORM = EVERYONE - {"kabid.naker", "outsider", "stranger"}
NOT_KOPERASI = frozenset({"kabid.naker", "outsider", "stranger"})


def fresh_day_off(objs: dict[str, Any]) -> list[Any]:
    """A new day off for each request: deleting it is what the case checks."""
    from datetime import date

    from monev.sop.models import DayOff

    day, _ = DayOff.objects.get_or_create(
        agency=objs["unit"].agency,
        date=date(2026, 12, 24),
        defaults={"kind": "cuti_bersama", "description": "Cuti bersama Natal"},
    )
    return [day.pk]


#: Roles that see the whole agency (not the Bidang roles); the stranger is of another agency.
AGENCY_WIDE = EVERYONE - {"kabid.koperasi", "operator.koperasi", "kabid.naker", "outsider"}
#: The team of the matrix's monev visit: the Kasubag Program leads it.
TEAM = frozenset({"kasubag"})

CASES: list[Case] = [
    Case("home", EVERYONE),
    Case("accounts:login", EVERYONE | {"anonymous"}, anonymous=200, ok_status=302),
    Case("accounts:logout", EVERYONE, method="post", ok_status=302, anonymous=302),
    Case("accounts:password_change", EVERYONE),
    Case("accounts:profile", EVERYONE),
    Case("accounts:user_list", ADMIN),
    Case("accounts:user_create", ADMIN),
    Case("accounts:user_edit", ADMIN, user, hidden=STRANGER),
    Case("accounts:user_set_password", ADMIN, user, hidden=STRANGER),
    Case("organization:agency", ADMIN),
    Case("organization:settings", ADMIN),
    # The outside-channel deliveries (sent, waiting, given up) and "send again": the
    # Administrator of the recipient's agency.
    Case("notifications:delivery_list", ADMIN),
    Case("notifications:delivery_retry", ADMIN, delivery, "post", ok_status=302, hidden=STRANGER),
    # the demo agency has a logo (its emblem); the stranger's agency has none
    Case("organization:agency_logo", EVERYONE, hidden=STRANGER),
    Case("organization:unit_list", ADMIN),
    Case("organization:unit_create", ADMIN),
    Case("organization:unit_edit", ADMIN, koperasi_unit, hidden=STRANGER),
    Case("organization:unit_delete", ADMIN, koperasi_unit, hidden=STRANGER),
    Case("organization:official_list", ADMIN),
    Case("organization:official_create", ADMIN),
    Case("organization:official_edit", ADMIN, official, hidden=STRANGER),
    Case("organization:official_delete", ADMIN, official, hidden=STRANGER),
    Case("core:audit_list", AUDIT),
    Case("core:audit_detail", AUDIT, audit_entry, hidden=STRANGER),
    Case("sop:cycle_list", EVERYONE),
    Case("sop:cycle_open", frozenset({"sekretaris"})),
    Case("sop:cycle_detail", EVERYONE, cycle, hidden=STRANGER),
    Case("sop:cycle_disposition", EVERYONE, cycle, hidden=STRANGER),
    # Step actions answer with a redirect to the cycle (and a message) for the step's holder.
    Case("sop:run_upload", frozenset({"kasubag"}), run, "post", ok_status=302, hidden=STRANGER),
    # Step 1 (Kasubag, no approver, no «Tidak» branch, no output yet): the holder reaches the
    # service, which refuses with the reason on the page (400); approving and returning are
    # nobody's on this step (403 for all, by the table `domain.sop_flow.STEP_RUN`).
    Case("sop:run_complete", frozenset({"kasubag"}), run, "post", ok_status=400, hidden=STRANGER),
    Case("sop:run_approve", frozenset(), run, "post", hidden=STRANGER),
    Case("sop:run_return", frozenset(), run, "post", hidden=STRANGER),
    Case("sop:run_return_approval", frozenset(), run, "post", hidden=STRANGER),
    Case("sop:document_download", EVERYONE, document, hidden=STRANGER),
    Case("sop:definition_list", EVERYONE),
    Case("sop:definition_detail", EVERYONE, definition, hidden=STRANGER),
    Case("sop:definition_pdf", EVERYONE, definition, hidden=STRANGER),
    Case("sop:definition_edit", ADMIN, definition, hidden=STRANGER),
    Case("sop:definition_create", ADMIN),
    Case("sop:calendar", ADMIN),
    Case("sop:day_off_delete", ADMIN, fresh_day_off, "post", ok_status=302, hidden=STRANGER),
    Case("sop:compliance", EVERYONE),
    Case("sop:notification_list", EVERYONE),
    Case(
        "sop:notification_open",
        frozenset({"kasubag"}),
        notification,
        ok_status=302,
        hidden=EVERYONE_BUT_KASUBAG,
    ),
    Case("sop:notification_read_all", EVERYONE, method="post", ok_status=302),
    Case("planning:tree", EVERYONE),
    Case("planning:indicator_detail", EVERYONE, indicator, hidden=STRANGER),
    Case("planning:indicator_edit", frozenset({"admin", "kasubag"}), indicator, hidden=STRANGER),
    Case("planning:export", EVERYONE, hidden=STRANGER),  # the stranger's agency has no plan
    Case("planning:template", EVERYONE),
    Case("planning:import", frozenset({"admin", "kasubag"}), hidden=STRANGER),
    Case("planning:stages", EVERYONE, hidden=STRANGER),  # the stranger's agency has no plan
    Case("planning:import_apply", ADMIN | {"kasubag"}, method="post", ok_status=302),
    Case("collection:board", EVERYONE, cycle, hidden=STRANGER),
    Case(
        "collection:correction",
        frozenset({"kasubag"}),
        lambda objs: [objs["cycle"].pk, objs["indicator"].pk],
        hidden=STRANGER,
    ),
    Case(
        "collection:preview",
        KOPERASI_FORM,
        lambda objs: [objs["cycle"].pk, objs["unit"].pk],
        hidden=NOT_KOPERASI,
    ),
    Case("collection:form", KOPERASI_FORM, submission, hidden=NOT_KOPERASI),
    Case("collection:form_xlsx", KOPERASI_FORM, submission, hidden=NOT_KOPERASI),
    # Uploading without a file, or applying without a pending upload, is refused with a
    # message (redirect to the form) for its own Bidang.
    Case(
        "collection:form_upload",
        frozenset({"kabid.koperasi", "operator.koperasi"}),
        submission,
        "post",
        ok_status=302,
        hidden=NOT_KOPERASI,
    ),
    Case(
        "collection:form_upload_apply",
        frozenset({"kabid.koperasi", "operator.koperasi"}),
        submission,
        "post",
        ok_status=302,
        hidden=NOT_KOPERASI,
    ),
    # Submitting an empty form is refused with a message (redirect) for its own Bidang.
    Case(
        "collection:submit",
        frozenset({"kabid.koperasi", "operator.koperasi"}),
        submission,
        "post",
        ok_status=302,
        hidden=NOT_KOPERASI,
    ),
    Case(
        "collection:review",
        frozenset({"kasubag"}),
        submission,
        "post",
        ok_status=302,
        hidden=NOT_KOPERASI,
    ),
    Case(
        "collection:remind",
        frozenset({"kasubag"}),
        submission,
        "post",
        ok_status=302,
        hidden=NOT_KOPERASI,
    ),
    Case(
        "collection:correct",
        frozenset({"kasubag"}),
        realization,
        "post",
        ok_status=302,
        hidden=NOT_KOPERASI,
    ),
    Case(
        "collection:evidence_upload",
        frozenset({"kabid.koperasi", "operator.koperasi"}),
        submission,
        "post",
        ok_status=302,
        hidden=NOT_KOPERASI,
    ),
    Case("collection:evidence_download", KOPERASI_FORM, evidence, hidden=NOT_KOPERASI),
    Case("evaluation:dashboard", EVERYONE),
    Case("evaluation:processing", EVERYONE, cycle, hidden=STRANGER),
    Case(
        "evaluation:resolve", frozenset({"kasubag"}), cycle, "post", ok_status=404, hidden=STRANGER
    ),  # no indicator posted: 404 after the role check
    Case(
        "evaluation:resolve_many",
        frozenset({"kasubag"}),
        cycle,
        "post",
        ok_status=302,
        hidden=STRANGER,
    ),
    Case("evaluation:rekap_xlsx", EVERYONE, cycle, hidden=STRANGER),
    Case("evaluation:rekap_pdf", EVERYONE, cycle, hidden=STRANGER),
    Case("evaluation:analysis", EVERYONE, cycle, hidden=STRANGER),
    # The annual SOP's steps 2 and 3 (SPEC §16): the year's recap and analysis of a cycle's year.
    Case("evaluation:annual_recap", EVERYONE, cycle, hidden=STRANGER),
    Case("evaluation:annual_analysis", EVERYONE, cycle, hidden=STRANGER),
    Case(
        "evaluation:analysis", frozenset({"kasubag"}), cycle, "post", ok_status=302, hidden=STRANGER
    ),  # the agency's note: the Kasubag Program only
    Case("reports:report", EVERYONE, cycle, hidden=STRANGER),
    Case("reports:status", EVERYONE, cycle, hidden=STRANGER),
    Case("reports:generate", frozenset({"kasubag"}), cycle, "post", ok_status=302, hidden=STRANGER),
    Case(
        "reports:section",
        frozenset({"kasubag"}),
        lambda o: [o["cycle"].pk, "saran"],
        "post",
        ok_status=302,
        hidden=STRANGER,
    ),
    Case(
        "reports:download",
        EVERYONE - {"stranger"},
        lambda o: [o["report_version"].pk, "pdf"],
        hidden=STRANGER,
    ),
    # --- The report's review (steps 9–12): the matrix's report is a draft at step 2, so an
    # allowed action is sent back to the report page (302) with the reason; a Kepala Bidang
    # comments but neither verifies nor ratifies; the Pemeriksa reads (the page, the
    # comparison) and writes nothing.
    Case("reports:compare", EVERYONE, cycle, hidden=STRANGER),
    *[
        Case(
            "reports:act",
            frozenset({who}),
            lambda o, a=action: [o["cycle"].pk, a],
            "post",
            ok_status=302,
            hidden=STRANGER,
        )
        for action, who in (
            ("bahas", "kasubag"),
            ("tutup-bahas", "kasubag"),
            ("ajukan-verifikasi", "kasubag"),
            ("verifikasi", "sekretaris"),
            ("kembalikan-verifikasi", "sekretaris"),
            ("ajukan-pengesahan", "kasubag"),
            ("sahkan", "kadis"),
            ("kembalikan-pengesahan", "kadis"),
        )
    ],
    Case("reports:thread_new", PARTICIPANTS, cycle, "post", ok_status=302, hidden=STRANGER),
    Case(
        "reports:thread_reply", PARTICIPANTS, report_thread, "post", ok_status=302, hidden=STRANGER
    ),
    Case(
        "reports:thread_status",
        PARTICIPANTS,
        lambda o: [o["report_thread"].pk, "resolve"],
        "post",
        ok_status=302,
        hidden=STRANGER,
    ),
    Case("reports:meeting", frozenset({"kasubag"}), cycle, "post", ok_status=302, hidden=STRANGER),
    Case("reports:upload", frozenset({"kasubag"}), cycle, "post", ok_status=302, hidden=STRANGER),
    Case("reports:final", frozenset({"kasubag"}), cycle, "post", ok_status=302, hidden=STRANGER),
    # Step 12 signed (SPEC §15): the roles of the signing order post a signature; whose turn it
    # is the service decides (the matrix's report has no final document: refused with the
    # reason, back to the report). The later TTE over a seal: the Kepala Dinas only.
    Case(
        "reports:sign",
        frozenset({"kasubag", "sekretaris", "kadis"}),
        cycle,
        "post",
        ok_status=302,
        hidden=STRANGER,
    ),
    Case("reports:tte", frozenset({"kadis"}), cycle, "post", ok_status=302, hidden=STRANGER),
    # A signed PDF of the agency (like a version's download): everyone of the agency.
    Case("reports:signed_download", EVERYONE - {"stranger"}, signature, hidden=STRANGER),
    # The agency seal (PKCS#12): the Administrator; a POST without a file shows the form again.
    Case("signing:seal", ADMIN),
    Case("signing:seal", ADMIN, method="post"),
    # The Kepala Dinas' confirmation before ratifying (nothing awaits: back to the report).
    Case("reports:ratify_confirm", frozenset({"kadis"}), cycle, ok_status=302, hidden=STRANGER),
    # --- The sealed archive (SOP step 13) and the public verification page ---
    Case("archive:list", EVERYONE),  # another agency: an empty list
    Case("archive:cycle", EVERYONE, cycle, hidden=STRANGER),
    Case(  # the matrix's report is archived already: refused with a message, redirected
        "archive:archive", frozenset({"kasubag"}), cycle, "post", ok_status=302, hidden=STRANGER
    ),
    Case("archive:entry", EVERYONE, archive_code, hidden=STRANGER),
    Case("archive:check", EVERYONE, archive_code, "post", hidden=STRANGER),
    Case("archive:download", EVERYONE, archive_code, hidden=STRANGER),
    Case("verify", EVERYONE, anonymous=200),  # public: no sign-in
    Case("verify", EVERYONE, method="post", anonymous=200),
    Case("evaluation:e81", EVERYONE),  # a Bidang user gets its own rows (tests/test_e81.py)
    Case("evaluation:e81_xlsx", EVERYONE),
    # --- Monev visits (SOP steps 4–6) and recommendations: monev.monitoring.tests.matrix ---
    Case("monitoring:checklist_list", ADMIN | {"kasubag"}),
    Case("monitoring:checklist_create", ADMIN | {"kasubag"}),
    Case("monitoring:checklist_edit", ADMIN | {"kasubag"}, mx.checklist, hidden=STRANGER),
    Case("monitoring:plan", EVERYONE, cycle, hidden=STRANGER),
    Case("monitoring:jadwal_pdf", AGENCY_WIDE, cycle, hidden=STRANGER),
    Case("monitoring:visits", EVERYONE, cycle, hidden=STRANGER),
    Case("monitoring:compilation", AGENCY_WIDE, cycle, hidden=STRANGER),
    Case("monitoring:visit", KOPERASI_FORM, mx.visit, hidden=NOT_KOPERASI),
    Case("monitoring:berita_acara", KOPERASI_FORM, mx.visit, hidden=NOT_KOPERASI),
    Case(
        "api:visit_berita_acara",
        KOPERASI_FORM,
        mx.visit,
        hidden=NOT_KOPERASI,
        anonymous=401,
        api=True,
    ),
    # an approved visit is not deleted, not even by the Kasubag Program
    Case("monitoring:visit_delete", frozenset(), mx.visit, "post", hidden=NOT_KOPERASI),
    # its confirmation page (GET) is refused alike
    Case("monitoring:visit_delete", frozenset(), mx.visit, hidden=NOT_KOPERASI),
    # the blangko is written by the visit's team only (here the Kasubag Program leads it)
    *[
        Case(f"monitoring:{name}", TEAM, args, "post", ok_status=302, hidden=NOT_KOPERASI)
        for name, args in (
            ("indicator_save", mx.visit_and_line),
            ("answers_save", mx.visit),
            ("finding_add", mx.visit),
            ("finding_delete", mx.fresh_finding),
            ("recommendation_add", mx.visit),
            ("recommendation_delete", mx.fresh_recommendation),
            ("photo_add", mx.visit),
            ("visit_submit", mx.visit),  # the leader; a member who is not leader gets 403
            ("visit_reopen", mx.visit),
            ("correction_decide", mx.line),
            ("follow_up_verify", mx.follow_up),
        )
    ],
    Case(
        "monitoring:visit_answer",
        frozenset({"kabid.koperasi"}),
        mx.visit,
        "post",
        ok_status=302,
        hidden=NOT_KOPERASI,
    ),
    Case("monitoring:photo_download", KOPERASI_FORM, mx.photo, hidden=NOT_KOPERASI),
    # The offline blangko: the sync endpoint answers JSON (a form post is a malformed change:
    # 400 for the team, 403 off the team, 404 out of scope, 401 signed out); the service
    # worker script is public, like the static files it caches.
    Case(
        "monitoring:visit_sync",
        TEAM,
        mx.visit,
        "post",
        ok_status=400,
        hidden=NOT_KOPERASI,
        anonymous=401,
    ),
    Case("monitoring:service_worker", EVERYONE, anonymous=200),
    Case("monitoring:service_worker", EVERYONE, method="post", ok_status=405, anonymous=405),
    Case("monitoring:register", EVERYONE),
    Case("monitoring:register_xlsx", EVERYONE),
    Case("monitoring:recommendation", KOPERASI_FORM, mx.recommendation, hidden=NOT_KOPERASI),
    Case(
        "monitoring:follow_up_report",
        frozenset({"kabid.koperasi", "operator.koperasi"}),
        mx.recommendation,
        "post",
        ok_status=302,
        hidden=NOT_KOPERASI,
    ),
    Case("monitoring:follow_up_evidence", KOPERASI_FORM, mx.follow_up, hidden=NOT_KOPERASI),
    Case("api:indicators", EVERYONE, anonymous=401, api=True),
    Case("api:targets", EVERYONE, anonymous=401, api=True),
    Case("api:plan", EVERYONE, anonymous=401, api=True),
    Case("api:plan_stages", EVERYONE, anonymous=401, api=True, hidden=STRANGER),
    Case("api:realizations", EVERYONE, anonymous=401, api=True),
    Case(
        "api:realization_detail",
        KOPERASI_FORM,
        lambda objs: [objs["indicator"].pk, 2026, 3],
        hidden=NOT_KOPERASI,
        anonymous=401,
        api=True,
    ),
    Case("api:results", EVERYONE, anonymous=401, api=True, ok_status=400),  # needs ?year&quarter
    Case("api:results_units", EVERYONE, anonymous=401, api=True, ok_status=400),
    Case("api:token", EVERYONE, method="post", ok_status=400, anonymous=400, api=True),
    Case("api:me", EVERYONE, anonymous=401, api=True),
    Case("api:units", EVERYONE, anonymous=401, api=True),
    Case("api:sop_definitions", EVERYONE, anonymous=401, api=True),
    Case("api:sop_compliance", EVERYONE, anonymous=401, api=True),
    Case("api:cycles", EVERYONE, anonymous=401, api=True),
    Case("api:cycle_detail", EVERYONE, cycle, hidden=STRANGER, anonymous=401, api=True),
    Case("api:visits", EVERYONE, anonymous=401, api=True),
    Case("api:recommendations", EVERYONE, anonymous=401, api=True),
    Case("api:schema", EVERYONE, anonymous=401, api=True),
    Case("api:archive", EVERYONE, anonymous=401, api=True),  # another agency: an empty list
    Case("api:archive_download", EVERYONE, archive_code, hidden=STRANGER, anonymous=401, api=True),
    # Public: no sign-in; without a code or a file the answer is 400.
    Case("api:archive_verify", EVERYONE, ok_status=400, anonymous=400, api=True),
    Case("api:archive_verify", EVERYONE, method="post", ok_status=400, anonymous=400, api=True),
    Case("api:reports", EVERYONE, anonymous=401, api=True),  # another agency: an empty list
    Case(
        "api:report_detail",
        EVERYONE,
        lambda o: [o["report_version"].report_id],
        hidden=STRANGER,
        anonymous=401,
        api=True,
    ),
    Case(
        "api:report_download",
        EVERYONE,
        lambda o: [o["report_version"].pk, "docx"],
        hidden=STRANGER,
        anonymous=401,
        api=True,
    ),
]

# --- The annual cycle (SPEC §16): the Perjanjian Kinerja page and the annual API ------------


def annual_file(kind: str) -> Callable[[dict[str, Any]], list[Any]]:
    return lambda objs: [objs["annual_cycle"].pk, kind]


def pk_version(kind: str) -> Callable[[dict[str, Any]], list[Any]]:
    return lambda objs: [objs["pk_version"].pk, kind]


CASES += [
    # Everyone reads their own agency's PKs (another agency's user sees their own page).
    Case("annual:overview", EVERYONE),  # Kinerja tahunan: the user's own agency's years
    Case("annual:pk", EVERYONE, lambda o: [2026]),
    Case("annual:pk_create", frozenset({"kasubag"}), lambda o: [2026], "post", ok_status=302),
    Case("annual:pk_download", EVERYONE - {"stranger"}, pk_version("pdf"), hidden=STRANGER),
    # The Kepala Dinas signs (the matrix's agency has no seal: refused with the reason, 302).
    Case(
        "annual:pk_sign",
        frozenset({"kadis"}),
        lambda o: [o["pk_version"].pk],
        "post",
        ok_status=302,
        hidden=STRANGER,
    ),
    Case("api:annual", EVERYONE, anonymous=401, api=True),  # another agency: nothing listed
    Case(
        "api:annual_pk",
        EVERYONE,
        annual_file("pdf"),
        hidden=STRANGER,
        anonymous=401,
        api=True,
    ),
    Case(
        "api:annual_lkjip",
        EVERYONE,
        annual_file("docx"),
        hidden=STRANGER,
        anonymous=401,
        api=True,
    ),
    Case(
        "api:annual_pk_version",
        EVERYONE,
        pk_version("docx"),
        hidden=STRANGER,
        anonymous=401,
        api=True,
    ),
]

#: URL names outside the matrix on purpose: Django's own admin site and the language switch.
EXCLUDED_NAMESPACES = ("admin",)
EXCLUDED_NAMES = ("set_language", "javascript-catalog")


# --- Two-factor sign-in and API tokens (issue 10) --------------------------------------------


def api_token(objs: dict[str, Any]) -> list[Any]:
    return [objs["api_token"].token_key]


CASES += [
    Case("accounts:tokens", EVERYONE),
    Case("accounts:tokens", EVERYONE, method="post", ok_status=400),  # no name: refused
    # Only the owner (the Kepala Dinas here) revokes a token; for anyone else it does not exist.
    Case(
        "accounts:token_revoke",
        frozenset({"kadis"}),
        api_token,
        "post",
        ok_status=302,
        hidden=EVERYONE - {"kadis"},
    ),
    Case("accounts:two_factor_setup", EVERYONE),
    Case("accounts:two_factor_setup", EVERYONE, method="post", ok_status=400),  # no code
    # Without a device there is no second step: straight on to the page asked for.
    Case("accounts:two_factor_verify", EVERYONE, ok_status=302),
    Case("accounts:two_factor_verify", EVERYONE, method="post", ok_status=302),
    Case("accounts:two_factor_reset", ADMIN, user, "post", ok_status=302, hidden=STRANGER),
    Case("api:logout", EVERYONE, method="post", ok_status=204, anonymous=401, api=True),
    Case("api:logout", EVERYONE, ok_status=405, anonymous=401, api=True),
]


# --- Every URL × GET and POST (and the API's write methods it accepts) -----------------------


def post_like_get(*names: str) -> list[Case]:
    """POST on a page that only reads answers as GET does (same people, same status)."""
    first = {case.name: case for case in reversed(CASES) if case.method == "get"}
    return [replace(first[name], method="post") for name in names]


def get_refused(
    name: str,
    args: Callable[[dict[str, Any]], list[Any]] = lambda objs: [],
    *,
    anonymous: int | str = "login",
    api: bool = False,
) -> Case:
    """An action that only takes POST: GET is 405 for everyone who gets that far."""
    return Case(name, EVERYONE, args, ok_status=405, anonymous=anonymous, api=api)


def api_post_refused(name: str, args: Callable[[dict[str, Any]], list[Any]] = lambda o: []) -> Case:
    """A read-only API endpoint: POST is 405 once signed in (401 before)."""
    return Case(name, EVERYONE, args, "post", ok_status=405, anonymous=401, api=True)


ADMIN_OR_KASUBAG = ADMIN | {"kasubag"}

CASES += [
    *post_like_get(
        "collection:preview",
        "evaluation:rekap_xlsx",
        "evaluation:rekap_pdf",
        "sop:cycle_disposition",
        "home",
        "accounts:user_list",
        "organization:agency_logo",
        "organization:unit_list",
        "organization:official_list",
        "notifications:delivery_list",
        "core:audit_list",
        "core:audit_detail",
        "sop:cycle_list",
        "sop:cycle_detail",
        "sop:document_download",
        "sop:definition_list",
        "sop:definition_detail",
        "sop:definition_pdf",
        "sop:compliance",
        "sop:notification_list",
        "sop:notification_open",
        "planning:tree",
        "planning:indicator_detail",
        "planning:export",
        "planning:template",
        "planning:import",
        "planning:stages",
        "collection:board",
        "collection:form_xlsx",
        "collection:evidence_download",
        "evaluation:dashboard",
        "evaluation:processing",
        "evaluation:e81",
        "evaluation:e81_xlsx",
        "evaluation:annual_recap",
        "evaluation:annual_analysis",
    ),
    # Forms posted empty are refused with their errors (400) for those who may use them.
    Case("accounts:login", EVERYONE, method="post", ok_status=302, anonymous=200),
    Case("accounts:password_change", EVERYONE, method="post", ok_status=400),
    Case("accounts:profile", EVERYONE, method="post", ok_status=302),  # nothing chosen: saved
    # Telegram's webhook: 404 while TELEGRAM_WEBHOOK_SECRET is unset (the matrix's settings).
    Case("notifications:telegram_webhook", EVERYONE, method="post", ok_status=404, anonymous=404),
    Case("notifications:telegram_webhook", EVERYONE, ok_status=405, anonymous=405),
    Case("accounts:user_create", ADMIN, method="post", ok_status=400),
    Case("accounts:user_edit", ADMIN, user, "post", ok_status=400, hidden=STRANGER),
    Case("accounts:user_set_password", ADMIN, user, "post", ok_status=400, hidden=STRANGER),
    Case("organization:agency", ADMIN, method="post", ok_status=400),
    Case("organization:settings", ADMIN, method="post", ok_status=400),
    Case("organization:unit_create", ADMIN, method="post", ok_status=400),
    Case("organization:unit_edit", ADMIN, koperasi_unit, "post", ok_status=400, hidden=STRANGER),
    Case("organization:unit_delete", ADMIN, koperasi_unit, "post", ok_status=302, hidden=STRANGER),
    Case("organization:official_create", ADMIN, method="post", ok_status=400),
    Case("organization:official_edit", ADMIN, official, "post", ok_status=400, hidden=STRANGER),
    Case("organization:official_delete", ADMIN, official, "post", ok_status=302, hidden=STRANGER),
    Case("sop:cycle_open", frozenset({"sekretaris"}), method="post", ok_status=400),
    Case("sop:definition_edit", ADMIN, definition, "post", ok_status=400, hidden=STRANGER),
    Case("sop:definition_create", ADMIN, method="post", ok_status=400),
    Case("sop:calendar", ADMIN, method="post", ok_status=400),
    Case(
        "planning:indicator_edit",
        frozenset({"admin", "kasubag"}),
        indicator,
        "post",
        ok_status=400,
        hidden=STRANGER,
    ),
    # The Bidang's own form posted empty: 409, the form is not open for entry in this state.
    Case(
        "collection:form",
        frozenset({"kabid.koperasi", "operator.koperasi"}),
        submission,
        "post",
        ok_status=409,
        hidden=NOT_KOPERASI,
    ),
    # Actions take POST only; GET is 405 (after the role check where the view checks it first).
    get_refused("accounts:logout", anonymous=405),
    get_refused("accounts:token_revoke", api_token, anonymous=405),
    get_refused("accounts:two_factor_reset", user, anonymous=405),
    get_refused("sop:run_upload", run),
    get_refused("sop:run_complete", run),
    get_refused("sop:run_approve", run),
    get_refused("sop:run_return", run),
    get_refused("sop:run_return_approval", run),
    Case("sop:day_off_delete", ADMIN, fresh_day_off, ok_status=405),
    get_refused("sop:notification_read_all"),
    Case("planning:import_apply", ADMIN_OR_KASUBAG, ok_status=405),
    get_refused("collection:form_upload", submission),
    get_refused("collection:form_upload_apply", submission),
    get_refused("collection:submit", submission),
    get_refused("collection:review", submission),
    get_refused("collection:remind", submission),
    get_refused("collection:correct", realization),
    get_refused("collection:evidence_upload", submission),
    get_refused("evaluation:resolve", cycle),
    get_refused("evaluation:resolve_many", cycle),
    get_refused("reports:generate", cycle),
    get_refused("reports:section", lambda o: [o["cycle"].pk, "saran"]),
    *post_like_get("reports:report", "reports:status", "reports:download", "reports:compare"),
    *post_like_get("reports:ratify_confirm"),
    get_refused("reports:sign", cycle),
    get_refused("reports:tte", cycle),
    *post_like_get("reports:signed_download"),
    get_refused("reports:act", lambda o: [o["cycle"].pk, "verifikasi"]),
    get_refused("reports:thread_new", cycle),
    get_refused("reports:thread_reply", report_thread),
    get_refused("reports:thread_status", lambda o: [o["report_thread"].pk, "resolve"]),
    get_refused("reports:meeting", cycle),
    get_refused("reports:upload", cycle),
    get_refused("reports:final", cycle),
    get_refused("archive:archive", cycle),
    get_refused("monitoring:visit_sync", mx.visit, anonymous=405),
    get_refused("archive:check", archive_code),
    *post_like_get("archive:list", "archive:cycle", "archive:entry", "archive:download"),
    api_post_refused("api:archive"),
    api_post_refused("api:archive_download", archive_code),
    api_post_refused("api:reports"),
    api_post_refused("api:report_detail", lambda o: [o["report_version"].report_id]),
    api_post_refused("api:report_download", lambda o: [o["report_version"].pk, "docx"]),
    *post_like_get("annual:overview", "annual:pk", "annual:pk_download"),
    get_refused("annual:pk_create", lambda o: [2026]),
    get_refused("annual:pk_sign", lambda o: [o["pk_version"].pk]),
    api_post_refused("api:annual"),
    api_post_refused("api:annual_pk", annual_file("pdf")),
    api_post_refused("api:annual_lkjip", annual_file("pdf")),
    api_post_refused("api:annual_pk_version", pk_version("pdf")),
    api_post_refused("api:visit_berita_acara", mx.visit),
    # A correction posted empty is refused with the form's errors, the typed input kept.
    Case(
        "collection:correction",
        frozenset({"kasubag"}),
        lambda objs: [objs["cycle"].pk, objs["indicator"].pk],
        method="post",
        ok_status=400,
        hidden=STRANGER,
    ),
    get_refused("notifications:delivery_retry", delivery, anonymous="login"),
    # The API: read-only endpoints refuse POST; the token endpoint takes POST only.
    get_refused("api:token", anonymous=405, api=True),
    api_post_refused("api:indicators"),
    api_post_refused("api:targets"),
    api_post_refused("api:plan"),
    # A new stage: the Kasubag Program or the Administrator; an empty body is a 400.
    Case(
        "api:plan_stages",
        ADMIN_OR_KASUBAG,
        method="post",
        ok_status=400,
        anonymous=401,
        api=True,
        hidden=STRANGER,
    ),
    api_post_refused("api:results"),
    api_post_refused("api:results_units"),
    api_post_refused("api:me"),
    api_post_refused("api:units"),
    api_post_refused("api:sop_definitions"),
    api_post_refused("api:sop_compliance"),
    api_post_refused("api:cycles"),
    api_post_refused("api:cycle_detail", cycle),
    api_post_refused("api:schema"),
    # Monitoring: actions take POST only; pages that only read answer POST like GET.
    *[
        get_refused(f"monitoring:{name}", args)
        for name, args in (
            ("answers_save", mx.visit),
            ("correction_decide", mx.line),
            ("finding_add", mx.visit),
            ("finding_delete", mx.fresh_finding),
            ("follow_up_report", mx.recommendation),
            ("follow_up_verify", mx.follow_up),
            ("indicator_save", mx.visit_and_line),
            ("photo_add", mx.visit),
            ("recommendation_add", mx.visit),
            ("recommendation_delete", mx.fresh_recommendation),
            ("visit_answer", mx.visit),
            ("visit_reopen", mx.visit),
            ("visit_submit", mx.visit),
        )
    ],
    *post_like_get(
        "monitoring:berita_acara",
        "monitoring:checklist_list",
        "monitoring:follow_up_evidence",
        "monitoring:jadwal_pdf",
        "monitoring:photo_download",
        "monitoring:recommendation",
        "monitoring:register",
        "monitoring:register_xlsx",
        "monitoring:visits",
        "monitoring:compilation",
        "monitoring:visit",
        "monitoring:checklist_create",
        "monitoring:checklist_edit",
    ),
    # the plan is written by the Kasubag Program (an empty post shows the form again)
    Case("monitoring:plan", frozenset({"kasubag"}), cycle, "post", hidden=STRANGER),
    api_post_refused("api:visits"),
    api_post_refused("api:recommendations"),
    # A realisation posted empty is refused with its errors (400).
    Case("api:realizations", EVERYONE, method="post", ok_status=400, anonymous=401, api=True),
    # A write without the version it read is refused (428); out of scope is 404.
    Case(
        "api:realization_detail",
        frozenset({"kabid.koperasi", "operator.koperasi"}),
        lambda objs: [objs["indicator"].pk, 2026, 3],
        method="put",
        ok_status=428,
        hidden=NOT_KOPERASI,  # the Bidang that fills the form writes; others read only (403)
        anonymous=401,
        api=True,
    ),
    Case(
        "api:realization_detail",
        EVERYONE,
        lambda objs: [objs["indicator"].pk, 2026, 3],
        method="post",
        ok_status=405,
        anonymous=401,
        api=True,
    ),
]

#: The methods every URL must declare; an API view adds each write method it accepts.
REQUIRED_METHODS = ("get", "post")
API_WRITE_METHODS = ("post", "put", "patch", "delete")

# --- Many agencies (issue 16): the Bappeda's consolidated view ------------------------------
# Nobody of the matrix holds the Bappeda role (403 for all); the Bappeda's own walk over every
# URL is tests/test_kabupaten_isolation.py.
NOBODY: frozenset[str] = frozenset()


def own_agency(objs: dict[str, Any]) -> list[Any]:
    return [objs["unit"].agency_id]


CASES += [
    Case("evaluation:consolidated", NOBODY),
    Case("evaluation:consolidated_xlsx", NOBODY),
    Case("evaluation:agency_e81", NOBODY, own_agency),
    Case("evaluation:agency_e81_xlsx", NOBODY, own_agency),
]
CASES += [
    *post_like_get(
        "evaluation:consolidated",
        "evaluation:consolidated_xlsx",
        "evaluation:agency_e81",
        "evaluation:agency_e81_xlsx",
    ),
    Case("api:agency_results", NOBODY, anonymous=401, api=True),
    api_post_refused("api:agency_results"),
]
