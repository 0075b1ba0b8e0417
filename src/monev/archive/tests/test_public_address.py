"""The public address sealed into final documents (`PUBLIC_BASE_URL`, issue #20): the final
document is not rendered (sealed) while it is unset, or a loopback address outside DEBUG —
with a message for the Administrator, and nothing saved; `monev check --deploy` warns;
`monev demo` (and `make demo`) set it to the port served."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core import checks
from django.core.exceptions import ValidationError
from django.utils import timezone

from monev.archive import services
from monev.reports import services as report_services
from monev.reports.models import Report

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[4]


def _deploy_warnings() -> set[str]:
    return {m.id for m in checks.run_checks(include_deployment_checks=True) if m.id}


@pytest.mark.parametrize(
    ("url", "debug", "refused"),
    [
        ("", True, "belum diatur"),
        ("", False, "belum diatur"),
        ("monev.example.go.id", False, "tidak sah"),
        ("http://127.0.0.1:8000", False, "alamat lokal"),
        ("http://localhost:8101", False, "alamat lokal"),
        ("http://127.0.0.1:8101", True, ""),  # the demo, in DEBUG
        ("https://monev.balangankab.go.id", False, ""),
    ],
)
def test_sealing_refuses_an_unset_or_loopback_address_outside_debug(
    settings: Any, url: str, debug: bool, refused: str
) -> None:
    settings.MONEV_PUBLIC_URL, settings.DEBUG = url, debug
    problem = services.public_url_problem()
    assert (refused in problem and "Administrator" in problem) if refused else problem == ""


def test_the_final_document_is_not_rendered_without_a_public_address(
    at_step12: Report, personas: Any, settings: Any
) -> None:
    report, kasubag = at_step12, personas["kasubag"]
    head = report_services.snapshot_of(report).head
    report_services.final_set(
        actor=kasubag, report=report, sequence=5, number_date=timezone.localdate() + timedelta(1),
        mode="definitif", jabatan=head.title, name=head.name, pangkat=head.pangkat, nip=head.nip,
    )  # fmt: skip
    report.refresh_from_db()
    settings.MONEV_PUBLIC_URL, settings.DEBUG = "http://127.0.0.1:8000", False
    with pytest.raises(ValidationError, match=re.escape("PUBLIC_BASE_URL=http://127.0.0.1:8000")):
        report_services.generate_request(actor=kasubag, cycle=report.cycle)  # said at once
    with pytest.raises(ValidationError, match="Minta Administrator"):
        report_services.version_render(actor=kasubag, report=report)
    assert not report.versions.exists() and not report.jobs.exists()
    settings.MONEV_PUBLIC_URL = ""
    with pytest.raises(ValidationError, match="belum diatur"):
        report_services.version_render(actor=kasubag, report=report)
    # With a public address, the seal carries it (the code, the URL of the QR code).
    settings.MONEV_PUBLIC_URL = "https://monev.balangankab.go.id"
    seal = services.seal_details(report, report_services.final_details(report))
    assert seal["verify_url"] == f"https://monev.balangankab.go.id/verifikasi/?kode={seal['code']}"


def test_the_deploy_check_warns_about_the_public_address(settings: Any) -> None:
    settings.MONEV_PUBLIC_URL = ""
    assert "monev.W001" in _deploy_warnings()
    settings.MONEV_PUBLIC_URL = "http://127.0.0.1:8000"
    assert "monev.W002" in _deploy_warnings()
    settings.MONEV_PUBLIC_URL = "https://monev.balangankab.go.id"
    assert not {"monev.W001", "monev.W002"} & _deploy_warnings()
    assert "monev.W001" not in {m.id for m in checks.run_checks()}  # a deploy check only


def test_monev_demo_seals_the_address_of_the_port_it_serves(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from monev.demo.management.commands import demo

    called: list[str] = []
    monkeypatch.setattr(demo, "call_command", lambda name, **kw: called.append(name))
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    settings.MONEV_PUBLIC_URL = ""
    demo.Command().handle(port="8123", no_serve=True, force=False)
    assert settings.MONEV_PUBLIC_URL == "http://127.0.0.1:8123"
    assert called == ["migrate", "load_demo"]
    # An address set by the operator is kept; `make demo` passes the port it serves.
    settings.MONEV_PUBLIC_URL = "https://monev.example.go.id"
    demo.Command().handle(port="8124", no_serve=True, force=False)
    assert settings.MONEV_PUBLIC_URL == "https://monev.example.go.id"
    makefile = (ROOT / "Makefile").read_text()
    assert "PUBLIC_BASE_URL=$${PUBLIC_BASE_URL:-http://127.0.0.1:$(PORT)}" in makefile
