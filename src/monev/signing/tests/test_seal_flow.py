"""Step 12 signed with the agency seal: paraf, paraf, then the Kepala Dinas' visible signature
ratifies; validated by pyHanko and poppler's pdfsig; PDF/A-3 and its attachments kept; the
archive seals exactly the signed bytes; one byte changed is reported by both tools."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from monev.reports import services
from monev.signing import selectors
from monev.signing.tests.pdftools import flip, pdfa_and_attachments, pdfsig, pdfsig_verdicts

pytestmark = pytest.mark.django_db


def test_paraf_paraf_then_the_seal_ratifies_and_the_archive_keeps_the_signed_bytes(
    final_submitted: Any, personas: Any, sign: Any, seal: Any, tmp_path: Path
) -> None:
    report = final_submitted
    version = services.latest_version(report)
    number = version.number
    original = services.current_pdf(version)

    # Out of order: the Kepala Dinas and the Sekretaris wait for the Kasubag's paraf.
    for who in ("kadis", "sekretaris"):
        with pytest.raises(PermissionDenied):
            sign(who, report)
    # A bare ratification is refused where the agency signs.
    with pytest.raises(ValidationError, match="tanda tangan elektronik"):
        services.ratify(actor=personas["kadis"], report=report, version_number=number)
    sign("kasubag", report)
    with pytest.raises(PermissionDenied):
        sign("kadis", report)
    sign("sekretaris", report)
    report.refresh_from_db()
    assert report.status != "disahkan"
    sign("kadis", report)
    report.refresh_from_db()
    assert report.status == "disahkan" and report.final_version_id == version.pk

    rows = list(selectors.signatures_of(version))
    assert [(r.kind, r.role, r.provider) for r in rows] == [
        ("paraf", "kasubag_program", "segel"), ("paraf", "sekretaris", "segel"),
        ("pengesahan", "kepala_dinas", "segel"),
    ]  # fmt: skip
    signed = services.current_pdf(version)
    assert signed.startswith(original)  # incremental: every byte rendered is still there

    # pyHanko: three signatures, all intact and trusted to the configured root, seals.
    checked = selectors.check(signed)
    assert checked.intact and not checked.changed_after
    assert [s.kind for s in checked.signatures] == ["paraf", "paraf", "pengesahan"]
    assert all(s.trusted and s.seal for s in checked.signatures)
    # poppler's pdfsig: the same three, valid.
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed)
    verdicts = pdfsig_verdicts(pdfsig(path))
    assert verdicts == ["Signature is Valid."] * 3
    # Still PDF/A-3 with its embedded data.
    status, names = pdfa_and_attachments(path)
    assert status.startswith("3")
    assert "potret-data.json" in names and "data-laporan.xlsx" in names

    # Step 13 archives exactly the signed bytes.
    from monev.archive import services as archive_services

    entry = archive_services.archive_report(actor=personas["kasubag"], report=report)
    with entry.file.open("rb") as f:
        assert f.read() == signed
    assert entry.sha256 == hashlib.sha256(signed).hexdigest()
    # `monev verify_archive` validates the signatures too.
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("verify_archive", stdout=out)
    assert "the signatures of 1 signed entries are intact" in out.getvalue()
    check = archive_services.entry_check(entry)
    assert check.intact and check.signatures is not None and len(check.signatures.signatures) == 3

    # One byte changed inside the signed range: both tools say so.
    altered = flip(signed, len(original) // 2)
    assert not selectors.check(altered).intact
    bad = tmp_path / "altered.pdf"
    bad.write_bytes(altered)
    verdicts = pdfsig_verdicts(pdfsig(bad))
    assert verdicts and all(v != "Signature is Valid." for v in verdicts)
