"""Numbers and dates in Indonesian shapes everywhere (issue #23): every page the main roles of
the demo reach from their home page (following the links, up to a bound per role), and every
notification and e-mail the demo sends, is read for numbers and dates in foreign shapes —
"24.0000" (read as twenty-four thousand), ISO dates "2026-12-10", "10-12-2026" — in the
visible text (attributes, scripts, styles and URLs excluded). None may be found."""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from monev.accounts.models import User

pytestmark = pytest.mark.django_db

#: Foreign shapes: a number with four decimals after a dot (but not a dotted code such as
#: 2.17.03.2.01.0004), an ISO date, a day-month-year date written with dashes or slashes.
FOREIGN = {
    "desimal titik": re.compile(r"(?<![\d.])\d+\.\d{4}(?![\d.])"),
    "tanggal ISO": re.compile(r"(?<![\d-])\d{4}-\d{2}-\d{2}(?![\d-])"),
    "tanggal angka": re.compile(r"(?<![\d/-])\d{1,2}[-/]\d{1,2}[-/]\d{4}(?![\d/-])"),
}
URL = re.compile(r"\S+://\S+|(?<!\S)/\S+")

#: The main roles of the demo (DKUKMTK, and the agency with work in progress).
ROLES = [
    "admin",
    "kadis",
    "sekretaris",
    "kasubag",
    "kabid.koperasi",
    "operator.koperasi",
    "pemeriksa",
    "bappeda",
    "kasubag.dispusip",
    "operator.pus",
    "kabid.pus",
]
#: Pages read per role (breadth first from the home page), and of one URL shape (the same
#: path with other ids), so that the bound reaches many templates rather than many objects.
PAGES_PER_ROLE = 90
PER_SHAPE = 1
SKIP = re.compile(
    r"keluar|logout|/static/|/media/|unduh|download|\.(pdf|xlsx|docx|ics|zip|png|csv)\b|"
    r"/api/|django-admin|lihat=1|/xlsx|/pdf|/docx|/berkas|/arsip/.+/file|#"
)


class _Text(HTMLParser):
    """The visible text of a page, and its internal links."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.links: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style", "template"}:
            self._hidden += 1
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if href.startswith("/") and not href.startswith("//"):
                self.links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style", "template"} and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def foreign_shapes(text: str) -> list[str]:
    """The foreign-shaped numbers and dates in `text`, URLs excluded."""
    text = URL.sub(" ", text)
    return [f"{name}: {m.group(0)}" for name, rx in FOREIGN.items() for m in rx.finditer(text)]


def test_the_detector_finds_the_foreign_shapes_and_spares_codes_and_urls() -> None:
    assert foreign_shapes("Koreksi: 24.0000 → 22.0000") == [
        "desimal titik: 24.0000",
        "desimal titik: 22.0000",
    ]
    assert foreign_shapes("Kunjungan pada 10-12-2026 09.00") == ["tanggal angka: 10-12-2026"]
    assert foreign_shapes("diubah 2026-12-07T11:07") == ["tanggal ISO: 2026-12-07"]
    assert foreign_shapes("IK.2.17.03.2.01.0004.01 · 1.234,5 · 10 Desember 2026") == []
    assert foreign_shapes("lihat /hasil/2026-12-07/ atau https://x.id/2026-12-07") == []


def _shape(url: str) -> str:
    return re.sub(r"\d+", "N", url)


def main_urls(user: User) -> list[str]:
    """The main pages of the user's agency: home, then each cycle's working pages (a page the
    role may not open is skipped by the walk)."""
    from django.urls import reverse

    from monev.collection.models import Correction
    from monev.sop.models import Cycle

    urls = ["/", reverse("evaluation:dashboard"), reverse("evaluation:e81")]
    urls += [reverse("monitoring:register"), reverse("sop:notification_list"), "/audit/"]
    urls += [reverse("annual:overview")]
    for cycle in Cycle.objects.filter(agency_id=user.agency_id).order_by("-year", "-quarter"):
        if cycle.quarter is None:  # the annual cycle: its own pages, and the LKjIP
            urls += [
                reverse("sop:cycle_detail", args=[cycle.pk]),
                reverse("evaluation:annual_recap", args=[cycle.pk]),
                reverse("evaluation:annual_analysis", args=[cycle.pk]),
                reverse("annual:pk", args=[cycle.year]),
                reverse("reports:report", args=[cycle.pk]),
            ]
            continue
        urls += [
            reverse("sop:cycle_detail", args=[cycle.pk]),
            reverse("collection:board", args=[cycle.pk]),
            reverse("evaluation:processing", args=[cycle.pk]),
            reverse("evaluation:analysis", args=[cycle.pk]),
            reverse("monitoring:plan", args=[cycle.pk]),
            reverse("monitoring:visits", args=[cycle.pk]),
            reverse("monitoring:compilation", args=[cycle.pk]),
            reverse("reports:report", args=[cycle.pk]),
        ]
    for correction in Correction.objects.filter(
        realization__indicator__period__agency_id=user.agency_id
    ).select_related("realization")[:2]:
        realization = correction.realization
        cycle = Cycle.objects.filter(
            agency_id=user.agency_id, year=realization.year, quarter=realization.quarter
        ).first()
        if cycle is not None:
            urls.append(f"/data/siklus/{cycle.pk}/koreksi/{realization.indicator_id}/")
    return urls


def _read(client: Client, starts: list[str], shapes: set[str]) -> dict[str, list[str]]:
    """Read pages breadth first from `starts`; return the foreign shapes per URL and add the
    shapes of the URLs read to `shapes`."""
    hits: dict[str, list[str]] = {}
    queue, seen = deque(starts), set(starts)
    per_shape: dict[str, int] = {}
    read = 0
    while queue and read < PAGES_PER_ROLE:
        url = queue.popleft()
        if per_shape.get(_shape(url), 0) >= PER_SHAPE:
            continue
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        read += 1
        per_shape[_shape(url)] = per_shape.get(_shape(url), 0) + 1
        shapes.add(_shape(url).split("?")[0])
        parser = _Text()
        parser.feed(response.content.decode())
        found = foreign_shapes(" ".join(parser.parts))
        if found:
            hits[url] = found
        for link in parser.links:
            link = link.split("#")[0]
            if link and link not in seen and not SKIP.search(link):
                seen.add(link)
                queue.append(link)
    return hits


def _workbooks() -> dict[str, list[str]]:
    """The text cells of the demo's XLSX exports (numbers and dates are typed cells; a text
    cell is read as people read it)."""
    from io import BytesIO

    from django.urls import reverse
    from openpyxl import load_workbook

    from monev.collection.models import Submission
    from monev.sop.models import Cycle

    cycle = Cycle.objects.get(agency__short_name="DKUKMTK", year=2026, quarter=3)
    form = Submission.objects.filter(cycle__agency__short_name="DISPUSIP", cycle__quarter=4)
    downloads = [
        ("kasubag", reverse("evaluation:e81_xlsx") + "?tahun=2026&triwulan=3"),
        ("kasubag", reverse("evaluation:rekap_xlsx", args=[cycle.pk])),
        ("kasubag", reverse("monitoring:register_xlsx")),
        ("bappeda", reverse("evaluation:consolidated_xlsx") + "?tahun=2026&triwulan=3"),
        ("operator.pus", reverse("collection:form_xlsx", args=[form.get(unit__code="BID-PUS").pk])),
    ]
    hits: dict[str, list[str]] = {}
    for username, url in downloads:
        client = Client()
        client.force_login(User.objects.get(username=username))
        response = client.get(url)
        assert response.status_code == 200, url
        book = load_workbook(BytesIO(b"".join(response)), read_only=True)
        for sheet in book.worksheets:
            for row in sheet.iter_rows(values_only=True):
                for value in row:
                    found = foreign_shapes(value) if isinstance(value, str) else []
                    if found:
                        hits.setdefault(f"{url} {sheet.title}", []).extend(found)
    return hits


@pytest.fixture
def demo(loaded_demo: str) -> None:
    """The demo, without its rendered reports (the suite's setting: the documents are not
    pages)."""


@pytest.mark.backend_neutral(
    reason="on_commit is patched only to send the reminders at once; what is read is text that "
    "the same filters format from the same Python values (Decimal, date) on either database"
)
def test_no_page_notification_or_email_of_the_demo_writes_a_foreign_number_or_date(
    demo: None, settings: Any
) -> None:
    from monev.sop.models import Notification
    from monev.sop.notifications import send_reminders

    hits: dict[str, list[str]] = {}
    shapes: set[str] = set()
    for username in ROLES:
        client, user = Client(), User.objects.get(username=username)
        client.force_login(user)
        for url, found in _read(client, main_urls(user), shapes).items():
            hits[f"{username} {url}"] = found
    # the walk reached the pages this issue changed, among many others
    changed = {"/audit/", "/data/laporan/N/", "/kunjungan/N/", "/data/siklus/N/koreksi/N/"}
    assert changed <= shapes, " ".join(sorted(shapes))
    assert len(shapes) >= 50, " ".join(sorted(shapes))
    for where, found in _workbooks().items():
        hits[where] = found
    for note in Notification.objects.all():
        found = foreign_shapes(f"{note.title} {note.body}")
        if found:
            hits[f"notifikasi {note.pk} «{note.title}»"] = found
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.db.transaction.on_commit", lambda f, *a, **k: f())
        send_reminders()
    assert mail.outbox, "the demo's running steps send reminders"
    for message in mail.outbox:
        found = foreign_shapes(f"{message.subject} {message.body}")
        if found:
            hits[f"e-mail «{message.subject}»"] = found
    assert not hits, "\n".join(f"{where}: {', '.join(found)}" for where, found in hits.items())
