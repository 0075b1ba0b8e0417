"""The permission matrix: every URL of the project × every persona → expected status.

Each later feature adds its URLs to `CASES`; `test_every_url_is_in_the_matrix` fails when a
URL exists that the matrix does not cover.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

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


def user(objs: dict[str, Any]) -> list[Any]:
    return [objs["user"].pk]


def audit_entry(objs: dict[str, Any]) -> list[Any]:
    return [objs["audit_entry"].pk]


STRANGER = frozenset({"stranger"})
EVERYONE_BUT_KASUBAG = EVERYONE - {"kasubag"}


def cycle(objs: dict[str, Any]) -> list[Any]:
    return [objs["cycle"].pk]


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


CASES: list[Case] = [
    Case("home", EVERYONE),
    Case("accounts:login", EVERYONE | {"anonymous"}, anonymous=200, ok_status=302),
    Case("accounts:logout", EVERYONE, method="post", ok_status=302, anonymous=302),
    Case("accounts:password_change", EVERYONE),
    Case("accounts:user_list", ADMIN),
    Case("accounts:user_create", ADMIN),
    Case("accounts:user_edit", ADMIN, user, hidden=STRANGER),
    Case("accounts:user_set_password", ADMIN, user, hidden=STRANGER),
    Case("organization:agency", ADMIN),
    Case("organization:agency_logo", EVERYONE, ok_status=404),  # the demo has no logo
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
    # Step actions answer with a redirect to the cycle (and a message) for the step's holder.
    Case("sop:run_upload", frozenset({"kasubag"}), run, "post", ok_status=302, hidden=STRANGER),
    Case("sop:run_complete", frozenset({"kasubag"}), run, "post", ok_status=302, hidden=STRANGER),
    Case("sop:run_approve", frozenset({"kasubag"}), run, "post", ok_status=302, hidden=STRANGER),
    Case("sop:run_return", frozenset({"kasubag"}), run, "post", ok_status=302, hidden=STRANGER),
    Case("sop:document_download", EVERYONE, document, hidden=STRANGER),
    Case("sop:definition_list", EVERYONE),
    Case("sop:definition_detail", EVERYONE, definition, hidden=STRANGER),
    Case("sop:definition_pdf", EVERYONE, definition, hidden=STRANGER),
    Case("sop:definition_edit", ADMIN, definition, hidden=STRANGER),
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
    Case("planning:import_apply", ADMIN | {"kasubag"}, method="post", ok_status=302),
    Case("collection:board", EVERYONE, cycle, hidden=STRANGER),
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
    Case("evaluation:analysis", EVERYONE, cycle, hidden=STRANGER),
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
    Case("evaluation:e81", EVERYONE),  # a Bidang user gets its own rows (tests/test_e81.py)
    Case("evaluation:e81_xlsx", EVERYONE),
    Case("api:indicators", EVERYONE, anonymous=401, api=True),
    Case("api:targets", EVERYONE, anonymous=401, api=True),
    Case("api:plan", EVERYONE, anonymous=401, api=True),
    Case("api:realizations", EVERYONE, anonymous=401, api=True),
    Case("api:results", EVERYONE, anonymous=401, api=True, ok_status=400),  # needs ?year&quarter
    Case("api:results_units", EVERYONE, anonymous=401, api=True, ok_status=400),
    Case("api:token", EVERYONE, method="post", ok_status=400, anonymous=400, api=True),
    Case("api:me", EVERYONE, anonymous=401, api=True),
    Case("api:units", EVERYONE, anonymous=401, api=True),
    Case("api:sop_definitions", EVERYONE, anonymous=401, api=True),
    Case("api:sop_compliance", EVERYONE, anonymous=401, api=True),
    Case("api:cycles", EVERYONE, anonymous=401, api=True),
    Case("api:cycle_detail", EVERYONE, cycle, hidden=STRANGER, anonymous=401, api=True),
    Case("api:schema", EVERYONE, anonymous=401, api=True),
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

#: URL names outside the matrix on purpose: Django's own admin site and the language switch.
EXCLUDED_NAMESPACES = ("admin",)
EXCLUDED_NAMES = ("set_language", "javascript-catalog")
