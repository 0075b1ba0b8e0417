"""The engine runs any SOP, not only the monev SOP it was built for (issue 27, item 1): the
annual report SOP (SPEC §16) goes through the same step services, handlers, inbox and
reminders as the quarterly one, and an SOP the Administrator defines runs end to end."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from monev.sop import handlers, inbox, notifications, selectors, services
from monev.sop.choices import Cadence, CycleStatus, StepKey
from monev.sop.models import Cycle, SopDefinition, StepRun
from monev.sop.seed import ANNUAL_SOP, DEFAULT_SOP, DEFAULT_SOPS
from monev.sop.services import steps as step_services

pytestmark = pytest.mark.django_db

WITA = ZoneInfo("Asia/Makassar")

ANNUAL_KEYS = [
    StepKey.PERJANJIAN_KINERJA,
    StepKey.REKAP_TAHUNAN,
    StepKey.ANALISIS_TAHUNAN,
    StepKey.DRAFT_LAPORAN,
    StepKey.PEMBAHASAN,
    StepKey.PERBAIKAN,
    StepKey.VERIFIKASI,
    StepKey.PENYUSUNAN_DOKUMEN,
    StepKey.PENYIMPANAN,
]


@pytest.fixture
def annual_definition(sop_definition: SopDefinition) -> SopDefinition:
    """The annual SOP beside the monev SOP, as `definitions_load_defaults` gives them."""
    services.definitions_load_defaults(agency=sop_definition.agency)
    definition = selectors.current_definition(sop_definition.agency, ANNUAL_SOP["number"])
    assert definition is not None
    return definition


def _open_annual(personas: dict[str, Any], definition: SopDefinition, year: int = 2026) -> Cycle:
    return services.cycle_open(
        actor=personas["sekretaris"],
        agency=definition.agency,
        sop=definition.number,
        year=year,
        disposition="Mohon disiapkan Perjanjian Kinerja tahun berjalan.",
        now=datetime(2026, 1, 5, 8, 0, tzinfo=WITA),
    )


def _attach(run: StepRun, user: Any) -> None:
    services.document_attach(
        actor=user, run=run, upload=SimpleUploadedFile("out.pdf", b"%PDF-1.4 x", "application/pdf")
    )


# --- The annual SOP as data -------------------------------------------------------------------


def test_the_annual_sop_has_the_nine_steps_of_spec_16() -> None:
    assert json.loads(json.dumps(ANNUAL_SOP)) == ANNUAL_SOP
    assert ANNUAL_SOP["cadence"] == Cadence.TAHUNAN
    assert ANNUAL_SOP["number"] != DEFAULT_SOP["number"]
    assert [s["key"] for s in ANNUAL_SOP["steps"]] == [str(k) for k in ANNUAL_KEYS]
    assert [(s["time_value"], s["time_unit"]) for s in ANNUAL_SOP["steps"]] == [
        (5, "hari"),
        (3, "hari"),
        (5, "hari"),
        (5, "hari"),
        (3, "hari"),
        (2, "hari"),
        (1, "hari"),
        (1, "hari"),
        (1, "hari"),
    ]
    steps = {s["number"]: s for s in ANNUAL_SOP["steps"]}
    assert (steps[7]["symbol"], steps[7]["no_goto"], steps[7]["actor"]) == (
        "decision",
        6,
        "sekretaris",
    )
    assert steps[8]["approver"] == "kepala_dinas"  # ratified like the monev SOP's step 12
    assert steps[1]["approver"] == "kepala_dinas"  # the Kepala Dinas signs the PK
    assert steps[9]["output"] == "LKjIP (arsip)"
    assert DEFAULT_SOPS == (DEFAULT_SOP, ANNUAL_SOP)


def test_the_default_sops_load_once(demo_org: Any) -> None:
    created = services.definitions_load_defaults(agency=demo_org)
    assert [d.name for d in created] == [DEFAULT_SOP["name"], ANNUAL_SOP["name"]]
    assert services.definitions_load_defaults(agency=demo_org) == []
    annual = selectors.current_definition(demo_org, ANNUAL_SOP["number"])
    assert annual is not None and annual.cadence == Cadence.TAHUNAN
    assert annual.steps.count() == 9
    # the callers of one SOP still get the monev SOP
    assert selectors.current_definition(demo_org).number == DEFAULT_SOP["number"]  # type: ignore[union-attr]
    assert [d.number for d in selectors.current_definitions(demo_org)] == [
        DEFAULT_SOP["number"],
        ANNUAL_SOP["number"],
    ]


def test_the_load_default_sop_command_loads_both(demo_org: Any) -> None:
    from django.core.management import call_command

    call_command("load_default_sop", demo_org.short_name)
    assert SopDefinition.objects.filter(agency=demo_org).count() == 2


def test_the_annual_sop_is_versioned_and_a_running_cycle_keeps_its_version(
    annual_definition: SopDefinition, personas: dict[str, Any]
) -> None:
    cycle = _open_annual(personas, annual_definition)
    data = selectors.definition_as_dict(annual_definition)
    data["steps"][1]["time_value"] = 4
    new = services.definition_new_version(
        actor=personas["admin"], definition=annual_definition, data=data, note="rekap 4 hari"
    )
    assert (new.version, new.cadence, new.number) == (2, Cadence.TAHUNAN, ANNUAL_SOP["number"])
    cycle.refresh_from_db()
    assert cycle.definition_id == annual_definition.pk
    assert selectors.current_definition(annual_definition.agency, ANNUAL_SOP["number"]) == new


def test_the_sop_pdf_prints_the_annual_sop_with_its_swimlanes(
    annual_definition: SopDefinition, personas: dict[str, Any]
) -> None:
    from io import BytesIO

    from pypdf import PdfReader

    client = Client()
    client.force_login(personas["kasubag"])
    response = client.get(reverse("sop:definition_pdf", args=[annual_definition.pk]))
    assert response.status_code == 200
    text = " ".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages)
    assert "Penyusunan Laporan Kinerja Tahunan" in text
    for words in ("Menyusun Perjanjian Kinerja", "Mengesahkan LKjIP", "Kepala Dinas"):
        assert words in text


# --- Opening a cycle of any SOP ---------------------------------------------------------------


def test_an_annual_cycle_has_no_quarter_and_opens_from_the_first_of_january(
    annual_definition: SopDefinition, personas: dict[str, Any]
) -> None:
    cycle = _open_annual(personas, annual_definition)
    assert (cycle.year, cycle.quarter, cycle.is_annual) == (2026, None, True)
    assert cycle.sop_number == ANNUAL_SOP["number"]
    assert cycle.title == "Penyusunan Laporan Kinerja Tahunan 2026"
    assert cycle.runs.get().step.key == StepKey.PERJANJIAN_KINERJA
    with pytest.raises(ValidationError, match="dapat dibuka mulai"):  # 2027 has not begun
        _open_annual(personas, annual_definition, year=2027)
    with pytest.raises(ValidationError, match="sudah dibuka"):  # one cycle per year
        _open_annual(personas, annual_definition)
    with pytest.raises(ValidationError, match="tanpa triwulan"):
        services.cycle_open(
            actor=personas["sekretaris"],
            agency=annual_definition.agency,
            sop=annual_definition,
            year=2025,
            quarter=4,
            disposition="x",
        )


def test_a_quarterly_sop_still_needs_its_quarter(
    annual_definition: SopDefinition, personas: dict[str, Any]
) -> None:
    with pytest.raises(ValidationError, match="Triwulan harus 1 sampai 4"):
        services.cycle_open(
            actor=personas["sekretaris"],
            agency=annual_definition.agency,
            year=2026,
            disposition="x",
        )


def test_the_monev_cycle_and_the_annual_cycle_of_a_year_live_side_by_side(
    annual_definition: SopDefinition, sop_cycle: Cycle, personas: dict[str, Any]
) -> None:
    annual = _open_annual(personas, annual_definition)
    assert {c.pk for c in Cycle.objects.filter(year=2026)} == {annual.pk, sop_cycle.pk}
    # an annual cycle does not lock a quarter's data
    assert all(q is not None for _y, q in selectors.locked_quarters(annual.agency_id))


def test_the_open_page_offers_each_sop_and_no_quarter_for_a_yearly_one(
    annual_definition: SopDefinition, personas: dict[str, Any]
) -> None:
    client = Client()
    client.force_login(personas["sekretaris"])
    page = client.get(reverse("sop:cycle_open")).content.decode()
    assert "Penyusunan Laporan Kinerja Tahunan" in page and 'name="quarter"' in page
    url = reverse("sop:cycle_open") + f"?sop={annual_definition.pk}"
    page = client.get(url).content.decode()
    assert 'name="quarter"' not in page
    response = client.post(url, {"year": "2026", "disposition": "Siapkan PK 2026."})
    assert response.status_code == 302
    cycle = Cycle.objects.get(sop_number=ANNUAL_SOP["number"])
    assert cycle.quarter is None
    detail = client.get(response["Location"]).content.decode()
    assert "Penyusunan Laporan Kinerja Tahunan 2026" in detail
    assert "None" not in detail.split("<main", 1)[-1]
    listing = client.get(reverse("sop:cycle_list")).content.decode()
    assert "Penyusunan Laporan Kinerja Tahunan 2026" in listing
    home = client.get(reverse("home")).content.decode()
    assert "Penyusunan Laporan Kinerja Tahunan 2026" in home
    pdf = client.get(reverse("sop:cycle_disposition", args=[cycle.pk]))
    assert (
        pdf.status_code == 200
        and 'filename="lembar-disposisi-2026.pdf"' in pdf["Content-Disposition"]
    )


def test_the_api_serialises_an_annual_cycle(
    annual_definition: SopDefinition, personas: dict[str, Any]
) -> None:
    cycle = _open_annual(personas, annual_definition)
    client = Client()
    client.force_login(personas["kasubag"])
    body = client.get(reverse("api:cycle_detail", args=[cycle.pk])).json()
    assert body["quarter"] is None
    assert body["title"] == "Penyusunan Laporan Kinerja Tahunan 2026"
    assert (body["sop_number"], body["cadence"]) == (ANNUAL_SOP["number"], "tahunan")
    listing = client.get(reverse("api:cycles")).json()
    rows = listing["results"] if isinstance(listing, dict) else listing
    assert any(row["quarter"] is None for row in rows)


# --- No per-SOP branches in the engine --------------------------------------------------------


def test_both_sops_share_each_step_key_handler(annual_definition: SopDefinition) -> None:
    monev = selectors.current_definition(annual_definition.agency)
    assert monev is not None
    shared = {s.key for s in monev.steps.all()} & {s.key for s in annual_definition.steps.all()}
    assert shared == {
        StepKey.DRAFT_LAPORAN,
        StepKey.PEMBAHASAN,
        StepKey.PERBAIKAN,
        StepKey.VERIFIKASI,
        StepKey.PENYUSUNAN_DOKUMEN,
        StepKey.PENYIMPANAN,
    }
    for key in shared:
        assert handlers.for_step(monev.steps.get(key=key)) is handlers.for_step(
            annual_definition.steps.get(key=key)
        )


def test_an_annual_cycle_runs_through_the_same_services_inbox_and_reminders(
    annual_definition: SopDefinition, personas: dict[str, Any]
) -> None:
    """Every step by hand (no feature handler), with the decision's «Tidak» once: the same
    `_start_run`, `notify_new_work`, inbox and reminder code as the quarterly cycle."""
    kasubag, sekretaris, kadis = personas["kasubag"], personas["sekretaris"], personas["kadis"]
    with (
        mock.patch.dict(handlers._handlers, clear=True),
        mock.patch.object(step_services, "_start_run", wraps=step_services._start_run) as start_run,
        mock.patch.object(
            notifications, "notify_new_work", wraps=notifications.notify_new_work
        ) as new_work,
    ):
        cycle = _open_annual(personas, annual_definition)
        # the holder's inbox names the annual cycle
        items = inbox.items_for(kasubag)
        assert [i.subtitle for i in items] == ["Penyusunan Laporan Kinerja Tahunan 2026"]
        # reminders reach the annual step's holder, titled by the cycle
        sent = notifications.send_reminders(now=datetime(2026, 3, 2, 9, 0, tzinfo=WITA))
        assert sent >= 1
        assert kasubag.notifications.filter(
            title__contains="Penyusunan Laporan Kinerja Tahunan 2026"
        ).exists()
        returned = False
        while cycle.status == CycleStatus.BERJALAN:
            run = cycle.runs.get(status__in=["berjalan", "menunggu_persetujuan"])
            if run.status == "menunggu_persetujuan":
                services.step_approve(actor=kadis, run=run)
            elif run.step.no_goto and not returned:
                services.step_return(actor=sekretaris, run=run, note="Tabel BAB III kurang.")
                returned = True
            else:
                holder = {"kasubag_program": kasubag, "sekretaris": sekretaris}[run.step.actor]
                _attach(run, holder)
                services.step_complete(actor=holder, run=run)
            cycle.refresh_from_db()
    assert returned and cycle.completed_at is not None
    # 9 steps + steps 6 and 7 again after the «Tidak»: each started by the same service
    assert start_run.call_count == 11
    assert new_work.call_count >= 11
    assert sorted(cycle.runs.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6, 6, 7, 7, 8, 9]


def test_the_engine_modules_do_not_branch_on_an_sop() -> None:
    """Read the engine's code: no test of an SOP's number or cadence, except the quarter rule
    (opening a cycle: `_check_period`, and the offer of the open form)."""
    import importlib
    import inspect
    import pkgutil
    import re

    from monev.sop import handlers as handler_module
    from monev.sop import selectors as selector_package
    from monev.sop.services import setup, steps

    selector_modules = [
        importlib.import_module(f"monev.sop.selectors.{info.name}")
        for info in pkgutil.iter_modules(selector_package.__path__)
    ]
    assert len(selector_modules) >= 5  # the package's sub-areas
    allowed = {"_check_period", "next_openable_period"}
    for module in (steps, setup, handler_module, *selector_modules):
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ != module.__name__ or name in allowed:
                continue
            source = inspect.getsource(function)
            branches = re.findall(
                r"\bif\b[^\n]*(cadence|sop_number|\.number)\s*(==|!=|\bin\b)", source
            )
            assert not branches, f"{module.__name__}.{name} branches on an SOP"


# --- An SOP the Administrator defines ---------------------------------------------------------


def _step_rows(*steps: dict[str, Any]) -> dict[str, str]:
    rows: dict[str, str] = {
        "steps-TOTAL_FORMS": str(len(steps)),
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
    }
    for i, step in enumerate(steps):
        for field, value in step.items():
            rows[f"steps-{i}-{field}"] = str(value)
    return rows


def test_an_sop_the_administrator_defines_runs_end_to_end(
    sop_definition: SopDefinition, personas: dict[str, Any]
) -> None:
    """Two steps without keys: the Administrator creates it, the Sekretaris opens its cycle,
    each holder attaches an output and completes, the cycle finishes: same pages, same
    services."""
    admin, sekretaris, kasubag = Client(), Client(), Client()
    admin.force_login(personas["admin"])
    sekretaris.force_login(personas["sekretaris"])
    kasubag.force_login(personas["kasubag"])
    assert admin.get(reverse("sop:definition_create")).status_code == 200
    data = {
        "sop-number": "000.8.3.3./010/DKUKMTK-BLG/2026",
        "sop-name": "Penyusunan Rencana Aksi",
        "sop-cadence": "tahunan",
        "sop-ratified_by_position": "Kepala Dinas",
        **_step_rows(
            {
                "number": 1,
                "description": "Menyusun rencana aksi",
                "actor": "kasubag_program",
                "symbol": "terminator",
                "time_value": 2,
                "time_unit": "hari",
                "output": "Draft rencana aksi",
            },
            {
                "number": 2,
                "description": "Menetapkan rencana aksi",
                "actor": "sekretaris",
                "symbol": "terminator",
                "time_value": 1,
                "time_unit": "hari",
                "output": "Rencana aksi",
            },
        ),
    }
    response = admin.post(reverse("sop:definition_create"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    definition = SopDefinition.objects.get(number="000.8.3.3./010/DKUKMTK-BLG/2026")
    assert (definition.version, definition.cadence, definition.steps.count()) == (1, "tahunan", 2)
    assert [a["key"] for a in definition.actors] == ["kasubag_program", "sekretaris"]
    assert admin.post(reverse("sop:definition_create"), data).status_code == 400  # number taken
    assert admin.get(reverse("sop:definition_pdf", args=[definition.pk])).status_code == 200

    url = reverse("sop:cycle_open") + f"?sop={definition.pk}"
    assert "Penyusunan Rencana Aksi" in sekretaris.get(url).content.decode()
    response = sekretaris.post(url, {"year": "2026", "disposition": "Susun rencana aksi."})
    assert response.status_code == 302
    cycle = Cycle.objects.get(sop_number=definition.number)
    for client, number in ((kasubag, 1), (sekretaris, 2)):
        run = cycle.runs.get(number=number)
        page = client.get(reverse("sop:cycle_detail", args=[cycle.pk])).content.decode()
        assert "Penyusunan Rencana Aksi 2026" in page
        upload = SimpleUploadedFile("out.pdf", b"%PDF-1.4 x", "application/pdf")
        assert (
            client.post(reverse("sop:run_upload", args=[run.pk]), {"file": upload}).status_code
            == 302
        )
        assert (
            client.post(reverse("sop:run_complete", args=[run.pk]), {"note": "ok"}).status_code
            == 302
        )
    cycle.refresh_from_db()
    assert cycle.status == CycleStatus.SELESAI
    # the compliance of the monev SOP does not count this SOP's runs
    assert all(row.runs == 0 for row in selectors.compliance(cycle.agency))
    assert [row.runs for row in selectors.compliance(cycle.agency, definition)] == [1, 1]


def test_only_the_administrator_creates_an_sop(personas: dict[str, Any]) -> None:
    client = Client()
    client.force_login(personas["sekretaris"])
    assert client.get(reverse("sop:definition_create")).status_code == 403


def test_a_quarters_own_pages_are_not_found_for_an_annual_cycle(
    annual_definition: SopDefinition, personas: dict[str, Any]
) -> None:
    """The format isian board, olah data, analysis, monev plan, visits and follow-up belong to
    a quarter: for an annual cycle they are 404 (the analysis page crashed on its empty
    quarter), while the cycle page and the annual recap answer."""
    cycle = _open_annual(personas, annual_definition)
    client = Client()
    client.force_login(personas["kasubag"])
    for name in (
        "collection:board",
        "evaluation:processing",
        "evaluation:analysis",
        "monitoring:plan",
        "monitoring:visits",
        "monitoring:compilation",
    ):
        assert client.get(reverse(name, args=[cycle.pk])).status_code == 404, name
    assert client.get(reverse("sop:cycle_detail", args=[cycle.pk])).status_code == 200
    assert client.get(reverse("evaluation:annual_recap", args=[cycle.pk])).status_code == 200


# --- A step that waits on something outside its cycle -----------------------------------------


def _annual_at_recap(personas: dict[str, Any], definition: SopDefinition) -> StepRun:
    """The annual cycle of 2025 (opened 5 January 2026) at step 2, the recap, started on
    6 January 2026 when step 1 (the PK, done by hand here) ended."""
    kasubag, kadis = personas["kasubag"], personas["kadis"]
    cycle = _open_annual(personas, definition, year=2025)
    first = cycle.runs.get()
    with mock.patch.dict(handlers._handlers, clear=True):
        _attach(first, kasubag)
        services.step_complete(
            actor=kasubag, run=first, now=datetime(2026, 1, 6, 8, 0, tzinfo=WITA)
        )
        first.refresh_from_db()
        if first.status == "menunggu_persetujuan":
            services.step_approve(
                actor=kadis, run=first, now=datetime(2026, 1, 6, 9, 0, tzinfo=WITA)
            )
    return cycle.runs.get(number=2)


def test_the_annual_recap_is_not_late_while_tw_iv_s_monev_cycle_runs(
    annual_definition: SopDefinition, personas: dict[str, Any]
) -> None:
    """Step 2 starts in January but cannot begin before TW IV's monev cycle is finished: until
    then it «Belum dapat dimulai», not «Terlambat 249 hari»; from then its 3 days run."""
    tw4 = services.cycle_open(
        actor=personas["sekretaris"],
        agency=annual_definition.agency,
        year=2025,
        quarter=4,
        disposition="Monev Triwulan IV 2025.",
        now=datetime(2026, 1, 5, 8, 0, tzinfo=WITA),
    )
    run = _annual_at_recap(personas, annual_definition)
    assert run.step.key == StepKey.REKAP_TAHUNAN
    calendar = selectors.work_calendar(run.cycle.agency)
    september = datetime(2026, 9, 14, 9, 0, tzinfo=WITA)
    timing = selectors.run_timing(calendar, run, september)
    assert (timing.status, timing.late_minutes, timing.due_at) == ("menunggu", 0, None)
    assert (
        selectors.timing_text(calendar, timing) == "Belum dapat dimulai; batas waktu belum berjalan"
    )
    # the cycle's place, the inbox and the reminders say the same
    place = selectors.step_place(run.cycle, StepKey.REKAP_TAHUNAN, now=september)
    assert (
        place is not None and place.timing_text == "Belum dapat dimulai; batas waktu belum berjalan"
    )
    recap_items = [i for i in inbox.items_for(personas["kasubag"]) if "2025" in i.subtitle]
    assert [(i.status, i.due_at) for i in recap_items if "Tahunan" in i.subtitle] == [
        ("menunggu", None)
    ]
    client = Client()
    client.force_login(personas["kasubag"])
    page = client.get(reverse("sop:cycle_detail", args=[run.cycle_id])).content.decode()
    assert 'data-testid="current-timing">Belum dapat dimulai<' in page and "Terlambat" not in page
    body = client.get(reverse("api:cycle_detail", args=[run.cycle_id])).json()
    assert [s["due_at"] for s in body["steps"] if s["number"] == 2] == [None]
    told = personas["kasubag"].notifications.get(title__startswith="Langkah 2 menunggu Anda")
    assert "Batas waktu dihitung sejak langkah dapat dimulai" in told.body
    notifications.send_reminders(now=september)
    assert not personas["kasubag"].notifications.filter(title__contains="Tahunan 2025").exists()
    # TW IV's cycle ends on Monday 2 March 2026: the 3 working days run from then
    finished = datetime(2026, 3, 2, 10, 0, tzinfo=WITA)
    Cycle.objects.filter(pk=tw4.pk).update(status=CycleStatus.SELESAI, completed_at=finished)
    due = selectors.due_time(calendar, finished, run.step)
    timing = selectors.run_timing(calendar, run, datetime(2026, 3, 3, 9, 0, tzinfo=WITA))
    assert (timing.status, timing.due_at) == ("tepat_waktu", due)
    late = selectors.run_timing(calendar, run, datetime(2026, 3, 6, 9, 0, tzinfo=WITA))
    assert late.status == "terlambat" and late.late_minutes < 8 * 60
    # ending it stores that deadline: the finished run (and every count of runs on time) is
    # judged by it
    with mock.patch.dict(handlers._handlers, clear=True):
        _attach(run, personas["kasubag"])
        services.step_complete(
            actor=personas["kasubag"], run=run, now=datetime(2026, 3, 4, 9, 0, tzinfo=WITA)
        )
    run.refresh_from_db()
    assert run.status == "selesai" and (run.due_at, run.on_time) == (due, True)
    assert run.working_minutes == 960  # Mon 10:00 → Wed 09:00 (a working day 07.30–16.00)


def test_the_engine_counts_a_waiting_steps_time_from_when_it_could_begin(
    sop_cycle: Cycle,
) -> None:
    """Any step key may say when its step could begin (`handlers.register_available_from`):
    the engine's clock, whatever the SOP, starts then; a step without one starts at once."""
    run = sop_cycle.runs.get()
    calendar = selectors.work_calendar(sop_cycle.agency)
    much_later = datetime(2027, 6, 1, 9, 0, tzinfo=WITA)
    assert selectors.run_timing(calendar, run, much_later).status == "terlambat"
    moment: dict[str, datetime | None] = {"at": None}
    handlers.register_available_from(run.step.key, lambda r: moment["at"])
    try:
        assert selectors.run_timing(calendar, run, much_later).status == "menunggu"
        moment["at"] = datetime(2027, 6, 1, 8, 55, tzinfo=WITA)
        timing = selectors.run_timing(calendar, run, much_later)
        assert timing.due_at == selectors.due_time(calendar, moment["at"], run.step)
        assert timing.status != "terlambat"
        # a moment before the step started does not move its deadline earlier
        moment["at"] = datetime(2020, 1, 1, tzinfo=WITA)
        assert selectors.run_timing(calendar, run, much_later).due_at == run.due_at
    finally:
        handlers.unregister_available_from(run.step.key)
