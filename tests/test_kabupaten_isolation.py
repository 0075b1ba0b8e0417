"""Many agencies on one instance (SPEC §14): no page, download or API endpoint of one agency
shows another's data.

The permission matrix's objects (tests/permissions.py) all belong to DKUKMTK. Here every URL
of the matrix is opened with those objects' ids by the users of a second agency — Dinas
Perhubungan of the kabupaten demo, one user per role, with its own plan, data and cycle — and
by the Bappeda: an object of DKUKMTK is 404 (or refused, 403/405, before it is looked up),
and no page, file or API answer carries DKUKMTK's names or its objects' ids. Only the Bappeda's
consolidated view and its drill-down show DKUKMTK, by design.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from monev.testing import replayed
from tests.permissions import CASES
from tests.test_permission_matrix import _request, objects  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db

#: Words of DKUKMTK's data found in no template, message or data of the other agencies
#: (not "koperasi" in lower case: a unit of measure offered by the plan workbook, and an
#: example username on the user form).
MARKERS = (
    "Koperasi",
    "Tenaga Kerja",
    "Usaha Kecil",
    "Rusmiati",  # DKUKMTK's Sekretaris
    "Ridwan Hakim",  # its Kasubag Program
    "Segera siapkan format isian monev Triwulan III.",  # the matrix cycle's disposition
    "format-isian.pdf",  # the matrix cycle's step-1 document
    "bukti.pdf",  # the matrix Bidang's evidence
)
#: The Bappeda reads every agency through these pages only (SPEC §14).
BAPPEDA_PAGES = frozenset(
    {
        "evaluation:consolidated",
        "evaluation:consolidated_xlsx",
        "evaluation:agency_e81",
        "evaluation:agency_e81_xlsx",
        "api:agency_results",
    }
)
#: Keys of an API row that name an object by id, and the kind of object they name.
ID_KEYS = {
    "indicator": "indicator",
    "cycle": "cycle",
    "unit": "unit",
    "responsible_unit": "unit",
    "visit": "visit",
}


@pytest.fixture
def second_agency(objects: dict[str, Any]) -> dict[str, Any]:  # noqa: F811
    """Dinas Perhubungan (with its Triwulan III cycle) and the Bappeda of the kabupaten
    demo, plus an Administrator and a Pemeriksa of Dinas Perhubungan (built once per worker,
    `replayed`)."""
    return replayed("kabupaten_isolation", _second_agency)


#: The second agency's personas (the keys of `second_agency`).
SECOND_PERSONAS = (
    *("sekretaris", "kasubag", "kadis", "kabid", "operator", "bappeda"),
    *("admin", "pemeriksa"),
)


def _second_agency() -> dict[str, Any]:
    from monev.accounts import services
    from monev.accounts.choices import Role
    from monev.accounts.models import User
    from monev.demo import DEMO_PASSWORD, kabupaten
    from monev.organization.models import Agency

    kabupaten.load(password=DEMO_PASSWORD)
    dishub = Agency.objects.get(short_name="DISHUB")
    users = {
        "sekretaris": User.objects.get(username="sekretaris.dishub"),
        "kasubag": User.objects.get(username="kasubag.dishub"),
        "kadis": User.objects.get(username="kadis.dishub"),
        "kabid": User.objects.get(username="kabid.llaj"),
        "operator": User.objects.get(username="operator.llaj"),
        "bappeda": User.objects.get(username="bappeda"),
    }
    for key, role in (("admin", Role.ADMINISTRATOR), ("pemeriksa", Role.PEMERIKSA)):
        users[key] = services.user_create(
            actor=None,
            agency=dishub,
            username=f"{key}.dishub",
            password=DEMO_PASSWORD,
            roles=[role],
        )
    assert tuple(users) == SECOND_PERSONAS
    return users


def _walks(cases: list[Any]) -> int:
    """How many requests the walk over `cases` makes (the Bappeda skips its own pages)."""
    return sum(
        1
        for case in cases
        for persona in SECOND_PERSONAS
        if not (persona == "bappeda" and case.name in BAPPEDA_PAGES)
    )


#: Pages whose argument is a year, not an object: the visitor gets their own agency's page of
#: that year (what it shows is still checked for the other agency's data below).
YEAR_PAGES = frozenset({"annual:pk", "annual:pk_create"})

#: The matrix walked in slices, so that test workers share the walk.
SLICE = 24
SLICES = [CASES[i : i + SLICE] for i in range(0, len(CASES), SLICE)]


def test_the_walk_covers_every_case_of_the_matrix() -> None:
    assert [case for cases in SLICES for case in cases] == CASES
    assert _walks(CASES) > 1000


def _dkukmtk_ids(objs: dict[str, Any]) -> dict[str, set[int]]:
    from monev.monitoring.models import Visit
    from monev.organization.models import Unit
    from monev.planning.models import Indicator
    from monev.sop.models import Cycle

    agency = objs["unit"].agency_id
    return {
        "indicator": set(
            Indicator.objects.filter(period__agency_id=agency).values_list("pk", flat=True)
        ),
        "cycle": set(Cycle.objects.filter(agency_id=agency).values_list("pk", flat=True)),
        "unit": set(Unit.objects.filter(agency_id=agency).values_list("pk", flat=True)),
        "visit": set(Visit.objects.filter(cycle__agency_id=agency).values_list("pk", flat=True)),
    }


def _rows(payload: Any) -> list[dict[str, Any]]:
    if isinstance(payload, dict):
        found = payload.get("results", payload)
        if isinstance(found, list):
            return [row for row in found if isinstance(row, dict)]
        return [payload]
    if isinstance(payload, list):
        return [row for row in payload if isinstance(row, dict)]
    return []


def _leaks(response: Any, theirs: dict[str, set[int]]) -> list[str]:
    """What of DKUKMTK a response shows: a marker word, or (an API row) one of its ids."""
    content = response.content
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats-officedocument"):
        from io import BytesIO

        from openpyxl import load_workbook

        book = load_workbook(BytesIO(content), read_only=True)
        text = " ".join(
            str(cell)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        )
    else:
        text = content.decode("utf-8", errors="replace")
    found = [marker for marker in MARKERS if marker in text]
    if response.get("Content-Type", "").startswith("application/json") and content:
        for row in _rows(json.loads(content)):
            for key, kind in ID_KEYS.items():
                if isinstance(row.get(key), int) and row[key] in theirs[kind]:
                    found.append(f"{key}={row[key]}")
    return found


@pytest.mark.parametrize(
    "cases",
    SLICES,
    ids=[f"cases-{i * SLICE:03d}-{i * SLICE + len(c) - 1:03d}" for i, c in enumerate(SLICES)],
)
def test_no_page_or_api_of_one_agency_shows_another_agencys_data(
    cases: list[Any],
    objects: dict[str, Any],  # noqa: F811
    second_agency: dict[str, Any],
) -> None:
    theirs = _dkukmtk_ids(objects)
    failures: list[str] = []
    walked = 0
    for case in cases:
        args = case.args(objects)
        url = reverse(case.name, args=args)
        for persona, user in second_agency.items():
            if persona == "bappeda" and case.name in BAPPEDA_PAGES:
                continue  # the consolidated view: tests/test_consolidated.py
            client = Client()
            client.force_login(user)
            response = _request(client, case, url)
            walked += 1
            status = response.status_code
            where = f"{case.name} {case.method.upper()} {url} as {persona}.dishub"
            if status >= 500:
                failures.append(f"{where}: {status}")
                continue
            if args and case.name not in YEAR_PAGES and status not in (403, 404, 405):
                failures.append(f"{where}: {status} for another agency's object")
            leaks = _leaks(response, theirs)
            if leaks:
                failures.append(f"{where}: shows {leaks}")
    assert walked == _walks(cases)
    assert not failures, "\n".join(failures)


def test_the_bappeda_reads_another_agency_only_through_the_consolidated_view(
    objects: dict[str, Any],  # noqa: F811
    second_agency: dict[str, Any],
) -> None:
    client = Client()
    client.force_login(second_agency["bappeda"])
    agency = objects["unit"].agency
    page = client.get(reverse("evaluation:consolidated"), {"tahun": 2026, "triwulan": 3})
    assert page.status_code == 200
    assert agency.name in page.content.decode()
    drill = client.get(reverse("evaluation:agency_e81", args=[agency.pk]))
    assert drill.status_code == 200
    assert "Koperasi" in drill.content.decode()
    # Its own agency's pages show its own (empty) agency, not DKUKMTK's.
    e81 = client.get(reverse("evaluation:e81"))
    assert "Koperasi" not in e81.content.decode()
    assert client.get(reverse("evaluation:agency_e81", args=[10**6])).status_code == 404


def test_an_agency_user_cannot_open_the_consolidated_view_nor_another_agencys_e81(
    objects: dict[str, Any],  # noqa: F811
    second_agency: dict[str, Any],
) -> None:
    client = Client()
    client.force_login(second_agency["kadis"])
    agency = objects["unit"].agency
    assert client.get(reverse("evaluation:consolidated")).status_code == 403
    assert client.get(reverse("evaluation:agency_e81", args=[agency.pk])).status_code == 403
    assert client.get(reverse("api:agency_results"), {"year": 2026, "quarter": 3}).status_code in (
        401,
        403,
    )
