"""Walk every URL × every persona and check who may open it (STYLE: NetBox's matrix)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from monev.testing import replayed, session_keys, signed_in
from tests.permissions import (
    API_WRITE_METHODS,
    CASES,
    EXCLUDED_NAMES,
    EXCLUDED_NAMESPACES,
    PERSONAS,
    REQUIRED_METHODS,
    Case,
)


def _url_views(patterns: list[Any], namespace: str = "") -> dict[str, Any]:
    """Every named URL of the project (outside the exclusions) → its view callback."""
    views: dict[str, Any] = {}
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            if ns in EXCLUDED_NAMESPACES:
                continue
            prefix = f"{namespace}{ns}:" if ns else namespace
            views |= _url_views(pattern.url_patterns, prefix)
        elif (
            isinstance(pattern, URLPattern) and pattern.name and pattern.name not in EXCLUDED_NAMES
        ):
            views[f"{namespace}{pattern.name}"] = pattern.callback
    return views


def _url_names(patterns: list[Any]) -> set[str]:
    return set(_url_views(patterns))


def _required_methods(view: Any) -> set[str]:
    """GET and POST for every URL, plus each write method an API view handles."""
    required = set(REQUIRED_METHODS)
    cls = getattr(view, "cls", None)  # a DRF view (APIView.as_view sets `cls`)
    actions = getattr(view, "actions", None) or {}  # a DRF viewset: method → action
    if cls is not None:
        required |= {m for m in API_WRITE_METHODS if hasattr(cls, m) or m in actions}
    return required


def test_every_url_is_in_the_matrix() -> None:
    covered = {case.name for case in CASES}
    missing = _url_names(get_resolver().url_patterns) - covered - {"favicon"}
    assert not missing, f"URLs without a permission-matrix entry: {sorted(missing)}"


def test_every_url_declares_get_post_and_its_api_writes() -> None:
    declared: dict[str, set[str]] = {}
    for case in CASES:
        declared.setdefault(case.name, set()).add(case.method)
    missing = []
    for name, view in sorted(_url_views(get_resolver().url_patterns).items()):
        if name == "favicon":
            continue
        lacking = _required_methods(view) - declared.get(name, set())
        if lacking:
            missing.append(f"{name}: {sorted(lacking)}")
    assert not missing, "Methods without a permission-matrix entry: " + "; ".join(missing)


@pytest.fixture
def objects(personas: dict[str, Any], sop_cycle: Any, small_plan: Any) -> dict[str, Any]:
    """One object of each kind the URLs take, built once per worker (`replayed`)."""
    return replayed("permission_matrix", lambda: _objects(personas, sop_cycle, small_plan))


@pytest.fixture
def sessions(objects: dict[str, Any]) -> dict[str, str]:
    """Each persona's signed-in session (as `force_login` makes it), made once per worker."""
    return replayed(
        "permission_matrix_sessions",
        lambda: session_keys({persona: objects[persona] for persona in PERSONAS}),
    )


def _objects(personas: dict[str, Any], sop_cycle: Any, small_plan: Any) -> dict[str, Any]:
    from decimal import Decimal

    from django.core.files.uploadedfile import SimpleUploadedFile

    from monev.accounts.models import ApiToken
    from monev.collection import services as collection_services
    from monev.collection.models import Realization, Submission
    from monev.core.models import AuditEntry
    from monev.organization.models import Official, Unit
    from monev.sop import services as sop_services
    from monev.sop.models import Notification

    first = sop_cycle.runs.get(number=1)
    document = sop_services.document_attach(
        actor=personas["kasubag"],
        run=first,
        upload=SimpleUploadedFile("format-isian.pdf", b"%PDF-1.4 format isian", "application/pdf"),
    )
    sop_services.step_complete(actor=personas["kasubag"], run=first)  # forms per Bidang
    submission = Submission.objects.get(cycle=sop_cycle, unit__code="BID-KOP")
    realization = Realization.objects.create(
        indicator=small_plan.indicators.get(code="IK.S1.1.01"),
        year=2026,
        quarter=3,
        value=Decimal("61.5"),
    )
    evidence = collection_services.evidence_attach(
        actor=personas["operator.koperasi"],
        submission=submission,
        indicator=realization.indicator,
        upload=SimpleUploadedFile("bukti.pdf", b"%PDF-1.4 bukti", "application/pdf"),
    )
    version = _report_version(sop_cycle)
    annual_cycle, pk_version = _annual(personas)
    return {
        "cycle": sop_cycle,
        "annual_cycle": annual_cycle,
        "pk_version": pk_version,
        "report_version": version,
        "signature": _signature(version, personas["kasubag"]),
        "report_thread": _report_thread(version, personas["kabid.koperasi"]),
        "archive_entry": _archive_entry(version),
        "evidence": evidence,
        "submission": submission,
        "realization": realization,
        "indicator": small_plan.indicators.get(code="IK.S1.1.01"),
        "run": sop_cycle.runs.get(number=2),
        "document": document,
        "definition": sop_cycle.definition,
        "notification": Notification.objects.filter(user=personas["kasubag"]).first(),
        "unit": Unit.objects.get(code="BID-KOP"),
        "official": Official.objects.get(nip="199303282022032008"),
        "user": personas["operator.koperasi"],
        "audit_entry": AuditEntry.objects.filter(object_repr="Bidang Koperasi").first(),
        "api_token": ApiToken.objects.create(user=personas["kadis"], name="Skrip")[0],
        "delivery": _delivery(personas["kasubag"]),
        **personas,
    }


def _delivery(user: Any) -> Any:
    from django.utils import timezone

    from monev.notifications.models import Delivery

    now = timezone.now()
    return Delivery.objects.create(
        user=user, channel="email", address="kasubag@contoh.go.id", subject="Langkah 2",
        text="Pengingat", status="failed", next_attempt_at=now, created_at=now,
    )  # fmt: skip


def _request(client: Client, case: Case, url: str) -> Any:
    if case.method == "post":
        return client.post(url, case.data)
    if case.method in {"put", "patch", "delete"}:
        return getattr(client, case.method)(
            url, json.dumps(case.data), content_type="application/json"
        )
    return client.get(url)


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.name}-{c.method}")
def test_each_persona_gets_what_the_matrix_says(
    case: Case, objects: dict[str, Any], sessions: dict[str, str]
) -> None:
    url = reverse(case.name, args=case.args(objects))
    failures = []
    anonymous = _request(Client(), case, url)
    if case.anonymous == "login":
        ok = anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    else:
        ok = anonymous.status_code == case.anonymous
    if not ok:
        failures.append(f"anonymous: {anonymous.status_code}")
    for persona in PERSONAS:
        client = signed_in(sessions[persona])
        response = _request(client, case, reverse(case.name, args=case.args(objects)))
        if persona in case.hidden:
            expected = 404
        elif persona in case.allowed:
            expected = case.ok_status
        else:
            expected = 403
        if response.status_code != expected:
            failures.append(f"{persona}: {response.status_code} (expected {expected})")
    assert not failures, f"{case.name} {url}: " + "; ".join(failures)


def _report_thread(version: Any, author: Any) -> Any:
    from django.utils import timezone

    from monev.reports.models import CommentThread

    return CommentThread.objects.create(
        report=version.report, version=version, section_key="saran", created_by=author,
        created_at=timezone.now(),
    )  # fmt: skip


def _archive_entry(version: Any) -> Any:
    """An archive entry of the report with a small stand-in file (the real PDF/A is tested
    in monev.archive)."""
    import hashlib

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from monev.archive.models import ArchiveEntry

    data = b"%PDF-1.7 arsip"
    entry = ArchiveEntry(
        agency_id=version.report.cycle.agency_id, report=version.report, version=version,
        code="ABCD-2345", title="Laporan Monev Triwulan III Tahun 2026", year=2026, quarter=3,
        sha256=hashlib.sha256(data).hexdigest(), size=len(data),
        retention_until=timezone.localdate(), archived_by_name="kasubag",
        archived_at=timezone.now(),
    )  # fmt: skip
    entry.file.save("arsip-matrix.pdf", ContentFile(data), save=False)
    entry.save()
    return entry


def _signature(version: Any, signer: Any) -> Any:
    """A signed PDF of the version (a stand-in file: signing is tested in monev.signing)."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from monev.signing.models import Signature

    pdf = b"%PDF-1.7 paraf"
    row = Signature(
        agency_id=version.report.cycle.agency_id, sequence=1, kind="paraf", role="kasubag_program",
        content_type=ContentType.objects.get_for_model(version), object_id=version.pk,
        provider="segel", field_name="Paraf1-KasubagProgram", signer=signer,
        signer_name=signer.full_name, signed_at=timezone.now(),
        sha256=hashlib.sha256(pdf).hexdigest(), size=len(pdf),
    )  # fmt: skip
    row.file.save("paraf-1.pdf", ContentFile(pdf), save=False)
    row.save()
    return row


def _annual(personas: dict[str, Any]) -> tuple[Any, Any]:
    """The annual cycle of 2026 (SPEC §16) with an LKjIP version, and a Perjanjian Kinerja
    version of 2026, with small stand-in files (rendering is tested in monev.annual)."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from monev.annual.models import PerjanjianKinerja, PerjanjianKinerjaVersion
    from monev.reports.models import Report, ReportVersion
    from monev.sop.models import Cycle, SopDefinition

    agency = personas["kasubag"].agency
    definition = SopDefinition.objects.create(
        agency=agency, number="SOP/LKJ", name="Penyusunan Laporan Kinerja Tahunan",
        cadence="tahunan", ratified_by_position="Kepala Dinas",
    )  # fmt: skip
    cycle = Cycle.objects.create(
        agency=agency, year=2026, quarter=None, definition=definition, disposition="-",
        opened_at=timezone.now(),
    )  # fmt: skip
    report = Report.objects.create(cycle=cycle, snapshot={}, snapshot_at=timezone.now())
    pdf, docx = b"%PDF-1.7 x", b"PK x"
    lkjip = ReportVersion(
        report=report, number=1, created_at=timezone.now(), snapshot={}, sections=[],
        sha256=hashlib.sha256(pdf).hexdigest(), docx_sha256=hashlib.sha256(docx).hexdigest(),
    )  # fmt: skip
    lkjip.pdf.save("lkjip-v1.pdf", ContentFile(pdf), save=False)
    lkjip.docx.save("lkjip-v1.docx", ContentFile(docx), save=False)
    lkjip.save()
    agreement = PerjanjianKinerja.objects.create(agency=agency, year=2026)
    version = PerjanjianKinerjaVersion(
        agreement=agreement, number=1, created_at=timezone.now(), snapshot={},
        sha256=hashlib.sha256(pdf).hexdigest(), docx_sha256=hashlib.sha256(docx).hexdigest(),
    )  # fmt: skip
    version.pdf.save("pk-v1.pdf", ContentFile(pdf), save=False)
    version.docx.save("pk-v1.docx", ContentFile(docx), save=False)
    version.save()
    return cycle, version


def _report_version(cycle: Any) -> Any:
    """A report version with small stand-in files (rendering is tested in monev.reports)."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from monev.reports.builder import build_snapshot
    from monev.reports.models import Report, ReportVersion

    snapshot = build_snapshot(cycle).to_json()
    report = Report.objects.create(cycle=cycle, snapshot=snapshot, snapshot_at=timezone.now())
    pdf, docx = b"%PDF-1.7 x", b"PK x"
    version = ReportVersion(
        report=report, number=1, created_at=timezone.now(), snapshot=snapshot, sections=[],
        sha256=hashlib.sha256(pdf).hexdigest(), docx_sha256=hashlib.sha256(docx).hexdigest(),
    )  # fmt: skip
    version.pdf.save("v1.pdf", ContentFile(pdf), save=False)
    version.docx.save("v1.docx", ContentFile(docx), save=False)
    version.save()
    return version
