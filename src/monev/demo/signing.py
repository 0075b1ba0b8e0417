"""The demo's signatures (SPEC §15): a demo certificate authority made when the demo loads and
the agency seal it issues, so the ratified TW I–II reports are signed (paraf, paraf, the Kepala
Dinas' visible seal) and their archives carry the signatures. NOT a certified TTE: the demo CA
is no PSrE, its root is trusted only where `SIGNING_TRUST_ROOTS` names the file written here."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from django.conf import settings


def load(admin: Any) -> None:
    from monev.signing import services, testca

    ca = testca.authority("Monev Demo Root CA (BUKAN BSrE)", "Demo Monev Kinerja")
    key, cert = testca.issue(
        ca, "Segel Elektronik Dinas (DEMO, tidak tersertifikasi)", "Demo Monev Kinerja"
    )
    passphrase = secrets.token_urlsafe(12)  # typed once by the "Administrator", kept nowhere
    data = testca.pkcs12_of(ca, key, cert, passphrase.encode())
    services.seal_upload(actor=admin, data=data, passphrase=passphrase)
    if settings.MONEV_SIGNING_TRUST_ROOTS:
        path = Path(settings.MONEV_SIGNING_TRUST_ROOTS)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(ca.pem)


def sign_and_ratify(report: Any, *, kasubag: Any, sekretaris: Any, kadis: Any,
                    done_at: Any, approve_at: Any, number: int) -> None:  # fmt: skip
    """Step 12 signed: the two paraf when the final document is handed over, then the Kepala
    Dinas' signature, which ratifies."""
    from monev.reports import services

    services.report_sign(actor=kasubag, report=report, version_number=number, now=done_at)
    services.report_sign(actor=sekretaris, report=report, version_number=number, now=done_at)
    services.report_sign(actor=kadis, report=report, version_number=number, note="Disahkan.",
                         now=approve_at)  # fmt: skip
