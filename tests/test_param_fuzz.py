"""No query parameter can make a page or an API endpoint answer 500 (issue 10, item 8).

Every GET entry of the permission matrix (so every named URL of the project, with real demo
objects as path arguments) is requested with each known query parameter set to hostile values,
as several personas. Values are sampled (a fixed seed), not the full product, so the run stays
bounded.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.http import QueryDict
from django.http import request as http_request
from django.test import Client
from django.urls import reverse
from django.utils import datastructures
from django.utils.datastructures import MultiValueDict

from tests.permissions import CASES
from tests.test_permission_matrix import _url_names, objects  # noqa: F401  (fixture)

#: Every query parameter a view or filter form of the project reads.
PARAMS = (
    "tahun",
    "triwulan",
    "unit",
    "iku",
    "program",
    "kode",
    "code",
    "kertas",
    "page",
    "lihat",
    "next",
    "q",
    "role",
    "kind",
    "golongan",
    "actor",
    "action",
    "content_type",
    "date_from",
    "date_to",
    "period",
    "indicator",
    "level",
    "year",
    "quarter",
    "status",
    "jenis",
    "bidang",
    "format",
    "sop",  # the open-cycle form: which SOP's cycle to open
)

HOSTILE = (
    "abc",
    "-1",
    "0",
    "5",
    "99999999999999999999",
    str(2**63 + 1),
    str(2**64),
    "",
    "1e5",
    "nan",
    "inf",
    "%00",
    "\x00",
    "../",
    "x" * 5000,
    "9" * 400,
    "²",  # a digit to str.isdigit(), not to int()
    "١٢",  # Arabic-Indic digits: int() reads them
    "ß\u202e漢字",
    "2026-13-45",
    "-99999999999999999999",
    " 1",
    "1.5",
)

#: Always tried; the rest of HOSTILE is sampled (VALUES_PER_PARAM in all) to bound the run.
ALWAYS = ("abc", "99999999999999999999", "²", "-1", "")
VALUES_PER_PARAM = 9

PERSONAS = ("kasubag", "operator.koperasi", "kadis", "admin", None)
GET_CASES = [case for case in CASES if case.method == "get"]


INTERNAL = {datastructures.__file__, http_request.__file__}


@contextmanager
def _recording_reads() -> Iterator[set[str]]:
    """Record the name of every query parameter a view reads (QueryDict.get/[]/getlist/in)."""
    seen: set[str] = set()
    originals = {
        name: getattr(MultiValueDict, name)
        for name in ("get", "__getitem__", "getlist", "__contains__")
    }

    def recorder(original: Any) -> Any:
        def read(self: Any, key: Any, *args: Any, **kwargs: Any) -> Any:
            # A read by the view, not by QueryDict itself iterating (copy(), items() …).
            caller = sys._getframe(1).f_code.co_filename
            if isinstance(self, QueryDict) and isinstance(key, str) and caller not in INTERNAL:
                seen.add(key)
            return original(self, key, *args, **kwargs)

        return read

    try:
        for name, original in originals.items():
            setattr(MultiValueDict, name, recorder(original))
        yield seen
    finally:
        for name, original in originals.items():
            setattr(MultiValueDict, name, original)


def _params_read(client: Client, url: str) -> set[str]:
    """The query parameters the view reads: asked once with an unknown parameter only (so
    filter forms bind) and once with every known parameter set to a plain value (so a
    parameter read only when another is present shows too)."""
    with _recording_reads() as seen:
        client.get(url, {"_probe": "1"})
        client.get(url, dict.fromkeys(PARAMS, "1"))
    return seen - {"_probe"}


def test_every_url_has_a_get_case() -> None:
    from django.urls import get_resolver

    covered = {case.name for case in GET_CASES}
    missing = _url_names(get_resolver().url_patterns) - covered - {"favicon"}
    assert not missing, f"URLs the fuzz test does not reach: {sorted(missing)}"


#: The GET cases fuzzed in slices, so that test workers share the run; each slice samples
#: with its own fixed seed.
SLICE = 12
SLICES = [GET_CASES[i : i + SLICE] for i in range(0, len(GET_CASES), SLICE)]


def test_the_slices_cover_every_get_case() -> None:
    assert [case for cases in SLICES for case in cases] == GET_CASES


@pytest.mark.parametrize("index", range(len(SLICES)), ids=lambda i: f"get-cases-{i * SLICE:03d}")
def test_no_query_parameter_gives_a_server_error(
    index: int,
    objects: dict[str, Any],  # noqa: F811
) -> None:
    rng = random.Random(20261010 + index)
    clients = {}
    for persona in PERSONAS:
        client = Client(raise_request_exception=False)
        if persona:
            client.force_login(objects[persona])
        clients[persona] = client
    errors: list[str] = []
    requests = 0
    for case in SLICES[index]:
        url = reverse(case.name, args=case.args(objects))
        readers: dict[str, list[str | None]] = {}
        for persona, client in clients.items():
            for name in _params_read(client, url):
                readers.setdefault(name, []).append(persona)
            requests += 2
        # Every parameter the view reads gets every hostile value, from the personas that
        # reach the code reading it (in turn); three random mixes of several parameters too.
        queries: list[tuple[str | None, dict[str, str]]] = []
        for name, personas in sorted(readers.items(), key=lambda item: item[0]):
            rest = [v for v in HOSTILE if v not in ALWAYS]
            values = [*ALWAYS, *rng.sample(rest, VALUES_PER_PARAM - len(ALWAYS))]
            for i, value in enumerate(values):
                queries.append((personas[i % len(personas)], {name: value}))
        if readers:
            for _ in range(3):
                names = rng.sample(sorted(readers), min(len(readers), 4))
                mix = {name: rng.choice(HOSTILE) for name in names}
                queries.append((rng.choice(readers[names[0]]), mix))
        for persona, query in queries:
            response = clients[persona].get(url, query)
            requests += 1
            if response.status_code >= 500:
                errors.append(f"{persona} GET {url} {query!r}: {response.status_code}")
    print(f"param fuzz: {requests} requests, {len(errors)} server errors")
    assert not errors, f"{len(errors)} server errors:\n" + "\n".join(e[:300] for e in errors[:80])


def test_a_malformed_year_on_the_calendar_is_a_400_with_a_message(
    objects: dict[str, Any],  # noqa: F811
) -> None:
    client = Client()
    client.force_login(objects["admin"])
    response = client.get(reverse("sop:calendar"), {"tahun": "abc"})
    assert response.status_code == 400
    assert "Parameter «tahun» harus bilangan bulat dari 1900 sampai 9999." in response.text


def test_an_id_past_2_63_in_the_api_is_a_400_with_a_message(
    objects: dict[str, Any],  # noqa: F811
) -> None:
    client = Client()
    client.force_login(objects["kadis"])
    response = client.get(reverse("api:indicators"), {"unit": str(2**63 + 1)})
    assert response.status_code == 400
    assert "unit" in response.json()
    assert "bilangan bulat" in response.json()["unit"][0]
    # A well-formed id that matches nothing is an empty result, not an error.
    response = client.get(reverse("api:indicators"), {"unit": str(2**63 - 1)})
    assert response.status_code == 200 and response.json()["count"] == 0


# --- Posted fields: the offline sync and the ids of report and recommendation forms ----------
# (issue 21, item 10): dates a phone's clock can send, ids of 30 digits or "²", numbers beyond
# a column — each is refused with a message (400/409) or ignored, never a 500.

HOSTILE_MOMENTS = (
    "0001-01-01T00:00:00",
    "9999-12-31T23:59:59",
    "9999-12-31T23:59:59-12:00",
    "0001-01-01T00:00:00+14:00",
    "2026-13-45T10:00:00",
    "2026-10-12T10:00:00+99:00",
    "2026-13-45",
    "abc",
    "",
    "9" * 400,
    "²",
    5,
    None,
    [],
)
HOSTILE_IDS = ("abc", "²", "9" * 30, str(2**63 + 1), "-1", "0", "١٢", " 1", "", "1.5", 5, None, [])
HOSTILE_DATES = ("0001-01-01", "9999-12-31", "2026-13-45", "2026-02-30", "abc", "²", "", 7, None)
HOSTILE_NUMBERS = ("1e999", "1" + "0" * 30, "100000000000000", "nan", "²", "-5", "1.2.3", 7, None)


def _sync_changes(line_pk: int) -> Iterator[Any]:
    """Changes as a phone could send them, one hostile field at a time."""
    for moment in HOSTILE_MOMENTS:
        yield {
            "kind": "indicator",
            "line": line_pk,
            "fields": {"verdict_reason": "Diperiksa."},
            "at": {"verdict_reason": moment},
            "sent": moment,
        }
        yield {"kind": "summary", "fields": {"summary": "Ringkas."}, "sent": moment, "at": moment}
        yield {
            "kind": "answers",
            "fields": {"x": "ya"},
            "sent": "2026-10-12T10:00:00",
            "at": {"x": moment},
        }
    for raw in HOSTILE_IDS:
        yield {"kind": "indicator", "line": raw, "fields": {"verdict": "sesuai"}}
        yield {
            "kind": "finding",
            "client_id": f"6f1d9a3e-0000-4000-8000-{len(str(raw)) % 10:012d}",
            "fields": {"text": "Temuan.", "category": "data", "indicator": raw},
        }
        yield {
            "kind": "recommendation",
            "client_id": str(raw),
            "fields": {"text": "Rekomendasi.", "unit": raw, "due_date": "2026-12-01"},
        }
    for raw in HOSTILE_DATES:
        yield {
            "kind": "recommendation",
            "client_id": f"7a2b0c4d-0000-4000-8000-{HOSTILE_DATES.index(raw):012d}",
            "fields": {"text": "Rekomendasi.", "unit": "", "due_date": raw},
        }
    for raw in HOSTILE_NUMBERS:
        for name in ("verified_value", "proposed_value"):
            yield {"kind": "indicator", "line": line_pk, "fields": {name: raw}}
    yield from ([], "x", {"kind": None}, {"kind": "indicator", "fields": []}, {"kind": "x" * 99})


def test_no_offline_sync_change_gives_a_server_error(objects: dict[str, Any]) -> None:  # noqa: F811
    import json

    from monev.monitoring.tests import matrix as mx

    visit = mx._visit(objects)
    line = objects["line"]
    client = Client(raise_request_exception=False)
    client.force_login(objects["kasubag"])  # the visit's team leader
    url = reverse("monitoring:visit_sync", args=[visit.pk])
    errors, statuses = [], set()
    for change in _sync_changes(line.pk):
        response = client.post(url, json.dumps(change), content_type="application/json")
        statuses.add(response.status_code)
        if response.status_code >= 500:
            errors.append(f"{change!r:.200}: {response.status_code}")
    assert not errors, "\n".join(errors)
    assert 400 in statuses and statuses <= {200, 201, 400, 409}


def test_no_posted_id_of_a_report_or_recommendation_form_gives_a_server_error(
    objects: dict[str, Any],  # noqa: F811
) -> None:
    from monev.monitoring.tests import matrix as mx

    visit = mx._visit(objects)
    recommendation = mx.recommendation(objects)[0]
    cycle = objects["cycle"]
    client = Client(raise_request_exception=False)
    client.force_login(objects["kasubag"])
    posts: list[tuple[str, dict[str, Any]]] = []
    for raw in HOSTILE_IDS:
        raw = "" if raw is None or raw == [] else str(raw)
        posts += [
            (reverse("reports:meeting", args=[cycle.pk]), {"sequence": raw, "attendees": [raw]}),
            (
                reverse("reports:meeting", args=[cycle.pk]),
                {"held_on": "2026-10-20", "sequence": raw, "attendees": [raw, "1"]},
            ),
            (reverse("monitoring:follow_up_report", args=[recommendation]), {"cycle": raw}),
            (reverse("monitoring:finding_add", args=[visit.pk]), {"indicator": raw, "text": "T"}),
            (
                reverse("monitoring:recommendation_add", args=[visit.pk]),
                {"unit": raw, "text": "R", "due_date": "2026-12-01"},
            ),
            (reverse("evaluation:resolve", args=[cycle.pk]), {"indicator": raw, "code": "x"}),
            (reverse("evaluation:resolve_many", args=[cycle.pk]), {"flags": [f"{raw}:x"]}),
            (reverse("monitoring:visit_answer", args=[visit.pk]), {f"dispute-{raw}": "on"}),
            (
                reverse("collection:review", args=[objects["submission"].pk]),
                {"decision": "return", f"rn_{raw}": "Perbaiki."},
            ),
        ]
    for raw in HOSTILE_DATES:
        raw = "" if raw is None else str(raw)
        posts += [
            (
                reverse("monitoring:recommendation_add", args=[visit.pk]),
                {"unit": "", "text": "R", "due_date": raw},
            ),
            (reverse("reports:meeting", args=[cycle.pk]), {"held_on": raw, "sequence": "1"}),
        ]
    errors = []
    for url, data in posts:
        response = client.post(url, data)
        if response.status_code >= 500:
            errors.append(f"POST {url} {data!r}: {response.status_code}")
    assert not errors, "\n".join(errors)


def test_a_photo_added_to_a_closed_blangko_is_refused_with_a_message(
    objects: dict[str, Any],  # noqa: F811
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from monev.monitoring.tests import matrix as mx

    visit = mx._visit(objects)
    visit.status = "dilaksanakan"  # submitted: the blangko is closed
    visit.save(update_fields=["status"])
    client = Client(raise_request_exception=False)
    client.force_login(objects["kasubag"])
    url = reverse("monitoring:photo_add", args=[visit.pk])
    for data in ({}, {"photo": SimpleUploadedFile("foto.png", mx.PNG, "image/png")}):
        response = client.post(url, data, follow=True)
        assert response.status_code == 200
        assert "tidak dapat diubah" in response.content.decode()
    assert not visit.photos.exists()


def test_concurrent_schema_requests_on_a_threaded_server_all_succeed() -> None:
    """drf-spectacular's generator keeps module-wide state; six threads asking for
    /api/v1/schema/ at once crossed it (AttributeError → 500)."""
    import threading

    from django.contrib.auth import get_user_model
    from django.test import RequestFactory
    from django.urls import resolve
    from rest_framework.test import force_authenticate

    view = resolve("/api/v1/schema/").func
    getattr(view, "view_class", object).__dict__.get("_kept", {}).clear()
    user = get_user_model()(username="skema", is_superuser=True)
    failures: list[str] = []

    def ask() -> None:
        for _ in range(3):
            request = RequestFactory().get("/api/v1/schema/")
            force_authenticate(request, user=user)
            try:
                response = view(request)
                response.render()
                if response.status_code != 200:
                    failures.append(str(response.status_code))
            except Exception as error:  # what a threaded server turns into a 500
                failures.append(repr(error)[:120])

    threads = [threading.Thread(target=ask) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


def test_the_blangko_refuses_a_number_beyond_its_column(
    objects: dict[str, Any],  # noqa: F811
) -> None:
    """Issue 21, item 1, on the blangko: the page's form and the offline sync both answer
    with the shared message; nothing is stored and the visit page still opens."""
    import json

    from monev.monitoring.tests import matrix as mx

    visit = mx._visit(objects)
    line = objects["line"]
    client = Client()
    client.force_login(objects["kasubag"])
    page = client.post(
        reverse("monitoring:indicator_save", args=[visit.pk, line.pk]),
        {"verified_value": "100.000.000.000.000", "verdict": "sesuai"},
        follow=True,
    )
    assert "Angka «100.000.000.000.000» terlalu besar" in page.content.decode()
    change = {"kind": "indicator", "line": line.pk, "fields": {"proposed_value": "1" + "0" * 14}}
    synced = client.post(
        reverse("monitoring:visit_sync", args=[visit.pk]),
        json.dumps(change),
        content_type="application/json",
    )
    assert synced.status_code == 400 and "terlalu besar" in synced.content.decode()
    line.refresh_from_db()
    assert line.verified_value is None and line.proposed_value is None
    assert client.get(reverse("monitoring:visit", args=[visit.pk])).status_code == 200
