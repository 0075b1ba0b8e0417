"""Fixtures of the signing tests: a test CA made in this run, the agency seal issued by it, a
local fake of BSrE, and a report at step 12 with its final document rendered (sealed)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from monev.reports.models import Report
from monev.signing import pades, testca
from monev.signing.tests.fake_bsre import FakeBsre

SEAL_PASSPHRASE = "segel-rahasia-123"
KADIS_NIK, KADIS_PASS = "3271010101700001", "kadis-Rahasia-Sekali-42"
KASUBAG_NIK, KASUBAG_PASS = "3271010101800002", "kasubag-Rahasia-77"
SEKRETARIS_NIK, SEKRETARIS_PASS = "3271010101750003", "sekre-Rahasia-88"

#: What each persona types to sign through BSrE (the fake knows them): the fields of the form.
TTE = {
    "kasubag": {"nik": KASUBAG_NIK, "passphrase": KASUBAG_PASS},
    "sekretaris": {"nik": SEKRETARIS_NIK, "passphrase": SEKRETARIS_PASS},
    "kadis": {"nik": KADIS_NIK, "passphrase": KADIS_PASS},
}


#: The signature block of the demo's Kepala Dinas (the `kadis` persona's official), who signs.
KADIS_BLOCK = {
    "mode": "definitif",
    "jabatan": "Kepala Dinas Koperasi, UKM dan Tenaga Kerja",
    "name": "H. Ahmad Fauzan Noor, S.E., M.M.",
    "pangkat": "Pembina Tingkat I (IV/b)",
    "nip": "197103152000031004",
}


@pytest.fixture(scope="session")
def test_ca() -> testca.Authority:
    return testca.authority()


@pytest.fixture
def trust_roots(settings: Any, tmp_path: Path, test_ca: testca.Authority) -> Path:
    path = tmp_path / "roots.pem"
    path.write_bytes(test_ca.pem)
    settings.MONEV_SIGNING_TRUST_ROOTS = str(path)
    return path


@pytest.fixture
def seal(personas: Any, test_ca: testca.Authority, trust_roots: Path) -> Any:
    from monev.signing import services

    key, cert = testca.issue(test_ca, "Segel Dinas KUKMTK (uji)", "Pemerintah Kabupaten Uji")
    data = testca.pkcs12_of(test_ca, key, cert, SEAL_PASSPHRASE.encode())
    return services.seal_upload(actor=personas["admin"], data=data, passphrase=SEAL_PASSPHRASE)


@pytest.fixture
def signer(test_ca: testca.Authority) -> Any:
    """A pyHanko signer whose key and certificate ("Segel Uji") the test CA issued."""
    key, cert = testca.issue(test_ca, "Segel Uji")
    return pades.signer_from_pkcs12(testca.pkcs12_of(test_ca, key, cert, None))


@pytest.fixture
def fake_bsre(settings: Any, test_ca: testca.Authority, trust_roots: Path) -> Iterator[FakeBsre]:
    fake = FakeBsre(ca=test_ca)
    fake.add_user(KADIS_NIK, "H. AHMAD FAUZAN NOOR", KADIS_PASS)
    fake.add_user(KASUBAG_NIK, "Kasubag Program", KASUBAG_PASS)
    fake.add_user(SEKRETARIS_NIK, "Sekretaris", SEKRETARIS_PASS)
    fake.add_user("3271010101600009", "Kedaluwarsa", "lama", expired=True)
    fake.start()
    settings.MONEV_BSRE_URL = fake.url
    settings.MONEV_BSRE_CLIENT_ID = fake.client_id
    settings.MONEV_BSRE_CLIENT_SECRET = fake.client_secret
    # generous: under a loaded CI machine the fake signs in seconds (a timeout is an outage)
    settings.MONEV_BSRE_TIMEOUT = 60
    yield fake
    fake.stop()


@pytest.fixture
def final_submitted(small_plan: Any, sop_cycle: Any, personas: Any) -> Report:
    """The report of Triwulan III 2026 at step 12, its final document rendered (sealed) and
    handed to the Kepala Dinas."""
    from monev.reports import services
    from monev.reports.tests.conftest import place_at

    kasubag = personas["kasubag"]
    place_at(sop_cycle, 8)
    report = services.report_freeze(actor=kasubag, cycle=sop_cycle)
    Report.objects.filter(pk=report.pk).update(status="diverifikasi")
    place_at(sop_cycle, 12)
    report.refresh_from_db()
    services.final_set(
        actor=kasubag, report=report, sequence=17,
        number_date=timezone.localdate() + timedelta(days=1), **KADIS_BLOCK,
    )  # fmt: skip
    report.refresh_from_db()
    services.version_render(actor=kasubag, report=report)
    services.final_submit(actor=kasubag, report=report)
    report.refresh_from_db()
    return report


@pytest.fixture
def sign(personas: Any) -> Callable[..., Any]:
    """Sign the latest version of a report as the persona `who` through the service: with the
    agency seal, or through BSrE with the persona's own NIK and passphrase when `tte` (or with
    the `nik` and `passphrase` given); other options (`use_seal`) go to the service as they are.
    Return the signature row."""
    from monev.reports import services

    def _sign(who: str, report: Report, *, tte: bool = False, **given: Any) -> Any:
        number = services.latest_version(report).number
        fields = TTE[who] | given if tte else given
        return services.report_sign(
            actor=personas[who], report=report, version_number=number, **fields
        )

    return _sign
