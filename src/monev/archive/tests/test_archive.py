"""The archive entry (SOP step 13): sealed only from a ratified report, never changed or
deleted (model, queryset, admin and the database's own triggers), step 13 completes with it,
the archive pages search, show, download and check it, and `monev verify_archive` reports a
changed file."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test import Client

from monev.archive import services
from monev.archive.handlers import blockers
from monev.archive.models import CLASSIFICATION_CODE, ArchiveEntry, ArchiveImmutableError
from monev.archive.tests.conftest import NUMBER
from monev.core.models import AuditEntry
from monev.reports import services as report_services
from monev.sop.testing import run_of

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_archiving_seals_the_ratified_report_and_marks_it_archived(
    entry: ArchiveEntry, personas: Any
) -> None:
    entry.report.refresh_from_db()
    assert entry.report.status == "diarsipkan"
    assert entry.classification_code == CLASSIFICATION_CODE == "000.8.3.3"
    assert entry.number == NUMBER and entry.year == 2026 and entry.quarter == 3
    assert entry.archived_by == personas["kasubag"] and entry.archived_by_name
    assert entry.number_date and entry.retention_until.year == entry.number_date.year + 10
    assert len(entry.code) == 9 and entry.code[4] == "-"
    assert AuditEntry.objects.filter(object_id=str(entry.pk), action="create").exists()


def test_only_a_ratified_report_is_archived_once_by_the_kasubag_program(
    ratified_report: Any, personas: Any, sop_cycle: Any
) -> None:
    with pytest.raises(PermissionDenied):
        services.archive_report(actor=personas["sekretaris"], report=ratified_report)
    draft = report_services.report_freeze(actor=personas["kasubag"], cycle=sop_cycle)
    type(draft).objects.filter(pk=draft.pk).update(status="diverifikasi")
    draft.refresh_from_db()
    with pytest.raises(ValidationError, match="belum disahkan"):
        services.archive_report(actor=personas["kasubag"], report=draft)
    assert not ArchiveEntry.objects.exists()
    type(draft).objects.filter(pk=draft.pk).update(status="disahkan")
    draft.refresh_from_db()
    services.archive_report(actor=personas["kasubag"], report=draft)
    with pytest.raises(ValidationError, match="sudah diarsipkan"):
        services.archive_report(actor=personas["kasubag"], report=draft)
    assert ArchiveEntry.objects.count() == 1


def test_the_app_refuses_to_change_or_delete_an_entry(entry: ArchiveEntry) -> None:
    entry.title = "Diubah"
    with pytest.raises(ArchiveImmutableError):
        entry.save()
    with pytest.raises(ArchiveImmutableError):
        entry.delete()
    with pytest.raises(ArchiveImmutableError):
        ArchiveEntry.objects.filter(pk=entry.pk).update(title="Diubah")
    with pytest.raises(ArchiveImmutableError):
        ArchiveEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(ArchiveImmutableError):
        ArchiveEntry.objects.bulk_update([entry], ["title"])
    with pytest.raises(Exception, match="protected"):
        entry.report.delete()  # the report (and its cycle) cannot take the entry with it
    assert ArchiveEntry.objects.get(pk=entry.pk).title != "Diubah"


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE archive_archiveentry SET title = 'Diubah' WHERE id = %s",
        "UPDATE archive_archiveentry SET sha256 = '0' WHERE id = %s",
        "DELETE FROM archive_archiveentry WHERE id = %s",
    ],
)
def test_the_database_refuses_update_and_delete(entry: ArchiveEntry, sql: str) -> None:
    with (
        pytest.raises(DatabaseError, match="archive entries cannot be"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [entry.pk])
    stored = ArchiveEntry.objects.get(pk=entry.pk)  # on SQLite and PostgreSQL alike
    assert stored.title == entry.title and stored.sha256 == entry.sha256


@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_emptying_the_table(archive_flushable: None, entry: Any) -> None:
    """PostgreSQL's TRUNCATE (which fires no row trigger) and SQLite's unconditional DELETE
    are refused too, on a committed entry; the test suite's own flush allowance is switched
    off first and back on after."""
    from monev.archive.migrations._triggers import TRUNCATE_SETTING

    try:
        with (
            pytest.raises(DatabaseError, match="archive entries cannot be"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            if connection.vendor == "postgresql":
                cursor.execute(f"SET LOCAL {TRUNCATE_SETTING} = 'refuse'")
                cursor.execute("TRUNCATE archive_archiveentry CASCADE")
            else:
                cursor.execute("DELETE FROM archive_archiveentry")
    finally:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"SET {TRUNCATE_SETTING} = 'allow'")
    assert ArchiveEntry.objects.filter(pk=entry.pk).exists()


def test_the_admin_is_read_only(entry: ArchiveEntry, personas: Any) -> None:
    from django.contrib.admin.sites import site

    admin = site._registry[ArchiveEntry]
    request = type("R", (), {"user": personas["admin"]})()
    assert not admin.has_add_permission(request)
    assert not admin.has_change_permission(request, entry)
    assert not admin.has_delete_permission(request, entry)


def test_step_13_completes_only_with_the_archive_entry(
    ratified_report: Any, personas: Any, sop_cycle: Any
) -> None:
    from monev.sop import handlers
    from monev.sop.choices import StepKey

    handler = handlers.get(StepKey.PENYIMPANAN)
    assert handler is not None and handler.url
    run = run_of(sop_cycle, 1)  # any run of the cycle: the handler reads its cycle
    assert "belum diarsipkan" in blockers(run)[0]
    assert handler.url(run) == f"/arsip/siklus/{sop_cycle.pk}/"
    services.archive_report(actor=personas["kasubag"], report=ratified_report)
    assert blockers(run) == []


def test_step_13_without_a_ratified_report_is_done_by_hand(sop_cycle: Any, personas: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from monev.sop import services as sop_services

    run = run_of(sop_cycle, 1)
    assert "belum ada" in blockers(run)[0]
    sop_services.document_attach(
        actor=personas["kasubag"], run=run,
        upload=SimpleUploadedFile("arsip.pdf", b"%PDF-1.4 arsip", "application/pdf"),
    )  # fmt: skip
    assert blockers(run) == []


def test_the_kasubag_archives_from_the_cycle_page(
    ratified_report: Any, personas: Any, sop_cycle: Any
) -> None:
    page = _client(personas["sekretaris"]).get(f"/arsip/siklus/{sop_cycle.pk}/")
    assert page.status_code == 200 and b"archive-submit" not in page.content
    client = _client(personas["kasubag"])
    assert b"archive-submit" in client.get(f"/arsip/siklus/{sop_cycle.pk}/").content
    response = client.post(f"/arsip/siklus/{sop_cycle.pk}/arsipkan/")
    entry = ArchiveEntry.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/arsip/{entry.code}/"
    again = client.post(f"/arsip/siklus/{sop_cycle.pk}/arsipkan/", follow=True)
    assert "sudah diarsipkan" in again.content.decode() and ArchiveEntry.objects.count() == 1


def test_the_archive_is_searched_by_year_quarter_title_code_and_text(
    entry: ArchiveEntry, personas: Any, django_assert_max_num_queries: Any
) -> None:
    client = _client(personas["operator.koperasi"])
    hits = {
        "": True,
        "?tahun=2026": True,
        "?tahun=2025": False,
        "?triwulan=3": True,
        "?triwulan=2": False,
        "?q=Triwulan+III": True,
        f"?q={entry.code.lower().replace('-', '')}": True,
        "?q=017%2FDKUKMTK": True,  # the nomor
        "?q=Kata+Pengantar+yang+tidak+ada": False,
        f"?q={entry.search_text.split()[5]}": True,  # a word of the narrative
    }
    for query, found in hits.items():
        body = client.get(f"/arsip/{query}").content.decode()
        assert (entry.code in body) is found, query
    assert client.get("/arsip/?tahun=abc").status_code == 400
    with django_assert_max_num_queries(12):
        client.get("/arsip/")
    stranger = _client(personas["stranger"]).get("/arsip/").content.decode()
    assert entry.code not in stranger
    assert _client(personas["stranger"]).get(f"/arsip/{entry.code}/").status_code == 404


def test_the_detail_page_downloads_and_checks_integrity(entry: ArchiveEntry, personas: Any) -> None:
    client = _client(personas["kadis"])
    page = client.get(f"/arsip/{entry.code}/").content.decode()
    assert entry.sha256 in page and "000.8.3.3" in page and NUMBER in page
    download = client.get(f"/arsip/{entry.code}/unduh/")
    assert b"".join(download.streaming_content) == entry.file.read()
    intact = client.post(f"/arsip/{entry.code}/periksa/").content.decode()
    assert "Utuh" in intact
    with default_storage.open(entry.file.name, "r+b") as handle:
        handle.seek(1000)
        byte = handle.read(1)
        handle.seek(1000)
        handle.write(bytes([byte[0] ^ 0xFF]))
    changed = client.post(f"/arsip/{entry.code}/periksa/").content.decode()
    assert "Berubah" in changed and "Utuh" not in changed
    # A changed file is no longer handed out as the sealed report, on the page or the API.
    refused = client.get(f"/arsip/{entry.code}/unduh/")
    assert refused.status_code == 409 and "SHA-256" in refused.content.decode()
    api = client.get(f"/api/v1/archive/{entry.code}/download/")
    assert api.status_code == 409 and "SHA-256" in api.json()["detail"]


def test_verify_archive_reports_a_changed_or_missing_file(entry: ArchiveEntry) -> None:
    out = StringIO()
    call_command("verify_archive", stdout=out)
    assert "1 archive entries match" in out.getvalue()
    with default_storage.open(entry.file.name, "ab") as handle:
        handle.write(b"x")
    err = StringIO()
    with pytest.raises(CommandError, match="1 of 1"):
        call_command("verify_archive", stdout=StringIO(), stderr=err)
    assert entry.code in err.getvalue() and "changed" in err.getvalue()
    default_storage.delete(entry.file.name)
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("verify_archive", stdout=StringIO(), stderr=err)
    assert "missing" in err.getvalue()


def test_the_demo_archives_a_ratified_cycle_and_leaves_the_others_by_hand(
    ratified_report: Any, personas: Any, sop_cycle: Any
) -> None:
    from django.utils import timezone

    from monev.demo.archive import archive_ratified

    report = ratified_report
    type(report).objects.filter(pk=report.pk).update(status="diverifikasi")
    assert not archive_ratified(sop_cycle, personas["kasubag"], timezone.now())
    type(report).objects.filter(pk=report.pk).update(status="disahkan")
    assert archive_ratified(sop_cycle, personas["kasubag"], timezone.now())
    assert ArchiveEntry.objects.get().report == report


def _stub_entries(cycle: Any, count: int, start: int = 0, *, yearly: bool = False) -> None:
    """Archive entries with small stand-in files, one per earlier quarter (no rendering);
    `yearly`: entries without a quarter, as the LKjIP's."""
    import hashlib

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from monev.reports.models import Report, ReportVersion
    from monev.sop.models import Cycle

    for n in range(start, start + count):
        year, quarter = 2010 + n // 4, None if yearly else n % 4 + 1
        other = Cycle.objects.create(
            agency=cycle.agency, year=year, quarter=quarter, definition=cycle.definition,
            disposition="-", opened_at=timezone.now(), status=cycle.status,
        )  # fmt: skip
        report = Report.objects.create(cycle=other, snapshot="{}", snapshot_at=timezone.now())
        version = ReportVersion(
            report=report, number=1, created_at=timezone.now(), snapshot="{}", sections=[],
            sha256="0", docx_sha256="0",
        )  # fmt: skip
        version.pdf.name, version.docx.name = "x.pdf", "x.docx"
        version.save()
        entry = ArchiveEntry(
            agency_id=cycle.agency_id, report=report, version=version,
            code=f"AAAA-{n:04d}", title=f"Laporan {year} {quarter}", year=year, quarter=quarter,
            sha256=hashlib.sha256(b"x").hexdigest(), size=1,
            retention_until=timezone.localdate(), archived_by_name="kasubag",
            archived_at=timezone.now(),
        )  # fmt: skip
        entry.file.save("stub.pdf", ContentFile(b"x"), save=False)
        entry.save()


def test_the_archive_list_costs_the_same_queries_for_1_or_12_entries(
    sop_cycle: Any, personas: Any
) -> None:
    from django.test.utils import CaptureQueriesContext

    client = _client(personas["kasubag"])
    _stub_entries(sop_cycle, 1)
    client.get("/arsip/")  # warm the session and menu
    with CaptureQueriesContext(connection) as one:
        assert client.get("/arsip/").status_code == 200
    _stub_entries(sop_cycle, 11, start=1)
    with CaptureQueriesContext(connection) as twelve:
        body = client.get("/arsip/").content.decode()
    assert body.count('href="/arsip/AAAA-') == 12
    assert len(twelve) == len(one)


def test_step_13_archives_only_the_sealed_ratified_file_unchanged(
    ratified_report: Any, personas: Any
) -> None:
    """The entry is the ratified file: a ratified version whose file changed since it was
    rendered, or that is not the sealed final document, is refused and nothing is kept."""
    from monev.reports.models import ReportVersion

    version = ratified_report.final_version
    original = version.pdf.read()
    version.pdf.close()
    default_storage.delete(version.pdf.name)
    changed = bytearray(original)
    changed[len(changed) // 2] ^= 0x01
    default_storage.save(version.pdf.name, ContentFile(bytes(changed)))
    with pytest.raises(ValidationError, match="SHA-256 berbeda"):
        services.archive_report(actor=personas["kasubag"], report=ratified_report)
    default_storage.delete(version.pdf.name)
    default_storage.save(version.pdf.name, ContentFile(original))
    sealed = dict(version.final)
    ReportVersion.objects.filter(pk=version.pk).update(
        final={k: v for k, v in sealed.items() if k in ("number", "number_date", "signatory")}
    )
    ratified_report.refresh_from_db()
    with pytest.raises(ValidationError, match="bukan dokumen akhir tersegel"):
        services.archive_report(actor=personas["kasubag"], report=ratified_report)
    assert not ArchiveEntry.objects.exists()
    ReportVersion.objects.filter(pk=version.pk).update(final=sealed)
    ratified_report.refresh_from_db()
    entry = services.archive_report(actor=personas["kasubag"], report=ratified_report)
    assert entry.file.read() == original and entry.code == sealed["code"]


def test_the_archive_list_filters_the_documents_of_a_year_beside_the_quarters(
    sop_cycle: Any, personas: Any
) -> None:
    """«Periode: Tahunan (LKjIP)» lists the entries without a quarter (the LKjIP of a year);
    a quarter lists that quarter's reports only; anything else is a 400."""
    _stub_entries(sop_cycle, 1)  # AAAA-0000: 2010 TW I
    _stub_entries(sop_cycle, 1, start=1, yearly=True)  # AAAA-0001: a year's LKjIP
    client = _client(personas["kasubag"])
    yearly = client.get("/arsip/?triwulan=tahunan").content.decode()
    assert 'href="/arsip/AAAA-0001/"' in yearly and 'href="/arsip/AAAA-0000/"' not in yearly
    assert '<option value="tahunan" selected>' in yearly
    first = client.get("/arsip/?triwulan=1&tahun=2010").content.decode()
    assert 'href="/arsip/AAAA-0000/"' in first and 'href="/arsip/AAAA-0001/"' not in first
    both = client.get("/arsip/").content.decode()
    assert 'href="/arsip/AAAA-0000/"' in both and 'href="/arsip/AAAA-0001/"' in both
    refused = client.get("/arsip/?triwulan=tahun")
    assert refused.status_code == 400
    assert "atau «tahunan» untuk dokumen tahunan" in refused.content.decode()


def test_the_archive_api_filters_the_documents_of_a_year_as_the_page_does(
    sop_cycle: Any, personas: Any
) -> None:
    """`quarter=annual` lists the entries without a quarter (a year's LKjIP), as «tahunan»
    on the page; a quarter lists that quarter's; any other value is a 400 with a message."""
    from rest_framework.test import APIClient

    _stub_entries(sop_cycle, 1)  # AAAA-0000: 2010 TW I
    _stub_entries(sop_cycle, 1, start=1, yearly=True)  # AAAA-0001: a year's LKjIP
    client = APIClient()
    client.force_authenticate(personas["kasubag"])

    def codes(query: str) -> set[str]:
        response = client.get(f"/api/v1/archive/{query}")
        assert response.status_code == 200, response.content
        return {item["code"] for item in response.json()["results"]}

    assert codes("?quarter=annual") == {"AAAA-0001"}
    assert codes("?quarter=annual&year=2010") == {"AAAA-0001"}
    assert codes("?quarter=annual&year=2011") == set()
    assert codes("?quarter=1") == {"AAAA-0000"}
    assert codes("") == {"AAAA-0000", "AAAA-0001"}
    refused = client.get("/api/v1/archive/?quarter=tahunan")
    assert refused.status_code == 400
    assert refused.json() == {
        "quarter": ["Parameter «quarter» harus triwulan 1 sampai 4, atau «annual» untuk "
                    "dokumen tahunan."]
    }  # fmt: skip
