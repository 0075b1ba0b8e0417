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
