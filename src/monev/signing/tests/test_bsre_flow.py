"""Step 12 signed through BSrE (the local fake of its API, SPEC §15): paraf by NIK and
passphrase, the Kepala Dinas' visible TTE; validated by pyHanko and pdfsig; BSrE's refusals
and an outage change nothing and say why; signing without the network falls back to the seal
("menunggu TTE") and the TTE is added when BSrE answers again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from monev.reports import services
from monev.signing import selectors
from monev.signing.tests.conftest import KASUBAG_NIK, KASUBAG_PASS, TTE
from monev.signing.tests.pdftools import flip, pdfa_and_attachments, pdfsig, pdfsig_verdicts

pytestmark = pytest.mark.django_db


#: Who paraf before the Kepala Dinas signs (SOP step 12).
PARAF = ("kasubag", "sekretaris")


def test_bsre_signs_paraf_paraf_and_the_visible_tte(
    fake_bsre: Any, final_submitted: Any, sign: Any, tmp_path: Path
) -> None:
    report = final_submitted
    version = services.latest_version(report)
    original = services.current_pdf(version)
    # Rendered while BSrE is configured: its footer sentence on every page (DOMAIN §13).
    import io

    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(original)).pages
    footers = [" ".join(p.extract_text().split()) for p in pages]
    assert all("Balai Besar Sertifikasi Elektronik (BSrE), BSSN" in t for t in footers)
    for who in (*PARAF, "kadis"):
        sign(who, report, tte=True)
    report.refresh_from_db()
    assert report.status == "disahkan"
    signed = services.current_pdf(version)
    assert signed.startswith(original)
    checked = selectors.check(signed)
    assert checked.intact and len(checked.signatures) == 3
    assert all(s.trusted and not s.seal for s in checked.signatures)  # TTE, not seals
    assert checked.signatures[-1].signer == "H. AHMAD FAUZAN NOOR"
    # The fake received the fields of SPEC §15: visible for the head, invisible for paraf.
    signs = [r for r in fake_bsre.requests if r["route"] == "/api/v2/sign/pdf"]
    import json

    shown = [json.loads(r["signatureProperties"])[0]["tampilan"] for r in signs]
    assert shown == ["INVISIBLE", "INVISIBLE", "VISIBLE"]
    assert json.loads(signs[-1]["signatureProperties"])[0]["imageBase64"]
    path = tmp_path / "tte.pdf"
    path.write_bytes(signed)
    assert pdfsig_verdicts(pdfsig(path)) == ["Signature is Valid."] * 3
    status, names = pdfa_and_attachments(path)
    assert status.startswith("3") and "potret-data.json" in names
    bad = tmp_path / "altered.pdf"
    bad.write_bytes(flip(signed, len(original) // 3))
    assert not selectors.check(bad.read_bytes()).intact
    assert "Signature is Valid." not in pdfsig_verdicts(pdfsig(bad))


@pytest.mark.parametrize(
    ("nik", "passphrase", "down", "says"),
    [
        (KASUBAG_NIK, "salah-sekali", False, "Passphrase TTE salah"),
        ("3271000000000000", "apa-saja", False, "tidak terdaftar"),
        ("3271010101600009", "lama", False, "kedaluwarsa"),
        (KASUBAG_NIK, KASUBAG_PASS, True, "tidak dapat dihubungi"),
    ],
)
def test_a_refused_signing_changes_nothing_and_says_why(
    final_submitted: Any,
    sign: Any,
    fake_bsre: Any,
    nik: str,
    passphrase: str,
    down: bool,
    says: str,
) -> None:
    report = final_submitted
    version = services.latest_version(report)
    before = services.current_pdf(version)
    fake_bsre.down = down
    with pytest.raises(ValidationError, match=says):
        sign("kasubag", report, nik=nik, passphrase=passphrase)
    assert not selectors.signatures_of(version).exists()
    assert services.current_pdf(version) == before


def test_bsre_timeout_is_an_outage(final_submitted: Any, sign: Any, settings: Any) -> None:
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)  # accepts, never answers
    settings.MONEV_BSRE_URL = f"http://127.0.0.1:{listener.getsockname()[1]}"
    settings.MONEV_BSRE_TIMEOUT = 0.5
    version = services.latest_version(final_submitted)
    try:
        with pytest.raises(ValidationError, match="tidak dapat dihubungi"):
            sign("kasubag", final_submitted, tte=True)
    finally:
        listener.close()
    assert not selectors.signatures_of(version).exists()


def test_without_the_network_the_seal_ratifies_and_the_tte_follows(
    final_submitted: Any, personas: Any, sign: Any, fake_bsre: Any, seal: Any
) -> None:
    report = final_submitted
    version = services.latest_version(report)
    for who in PARAF:
        sign(who, report, tte=True)
    # BSrE answers: the seal is refused, the TTE is asked for.
    with pytest.raises(ValidationError, match="dapat dihubungi"):
        sign("kadis", report, use_seal=True)
    fake_bsre.down = True
    with pytest.raises(ValidationError, match="tidak dapat dihubungi"):
        sign("kadis", report, tte=True)
    row = sign("kadis", report, use_seal=True)
    report.refresh_from_db()
    assert report.status == "disahkan"
    assert row.provider == "segel" and row.tte_status == "menunggu"
    # The archive waits for the TTE.
    from monev.archive import services as archive_services

    with pytest.raises(ValidationError, match="menunggu TTE"):
        archive_services.archive_report(actor=personas["kasubag"], report=report)
    # The queued check: still down → rescheduled; up → "siap".
    assert services.tte_check(row.pk) == "menunggu"
    row.refresh_from_db()
    assert row.tte_attempts == 1
    fake_bsre.down = False
    assert services.tte_check(row.pk) == "siap"
    services.tte_complete(actor=personas["kadis"], report=report, **TTE["kadis"])
    row.refresh_from_db()
    assert row.tte_status == "selesai"
    checked = selectors.check(services.current_pdf(version))
    assert checked.intact and [s.seal for s in checked.signatures] == [False, False, True, False]
    entry = archive_services.archive_report(actor=personas["kasubag"], report=report)
    with entry.file.open("rb") as f:
        assert f.read() == services.current_pdf(version)
