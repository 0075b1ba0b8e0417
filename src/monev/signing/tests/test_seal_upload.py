"""The Administrator's seal upload (wrong passphrase refused, key kept encrypted, passphrase
kept nowhere), and validation without a configured trust root."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from monev.signing import keystore, pades, selectors, testca, validate
from monev.signing.models import AgencySeal

pytestmark = pytest.mark.django_db


def test_the_administrator_uploads_the_seal_and_only_its_encrypted_key_is_kept(
    personas: Any, client: Any, test_ca: Any
) -> None:
    key, cert = testca.issue(test_ca, "Segel Uji")
    data = testca.pkcs12_of(test_ca, key, cert, b"Benar-Sekali-1")
    client.force_login(personas["kadis"])
    assert client.get(reverse("signing:seal")).status_code == 403
    client.force_login(personas["admin"])
    page = client.post(reverse("signing:seal"),
                       {"pkcs12": SimpleUploadedFile("s.p12", data), "passphrase": "salah"},
                       follow=True)  # fmt: skip
    assert "passphrase salah" in page.content.decode()
    assert not AgencySeal.objects.exists()
    page = client.post(reverse("signing:seal"),
                       {"pkcs12": SimpleUploadedFile("s.p12", data),
                        "passphrase": "Benar-Sekali-1"}, follow=True)  # fmt: skip
    html = page.content.decode()
    assert 'data-testid="seal-active"' in html and "Benar-Sekali-1" not in html
    seal = AgencySeal.objects.get()
    stored = bytes(seal.encrypted_key)
    assert key.private_numbers().d.to_bytes(256, "big") not in stored
    # The stored key signs (no passphrase needed any more) and is marked a seal on validation.
    signer = pades.signer_from_pkcs12(keystore.unseal(stored))
    assert signer.signing_cert.dump() == testca.asn1(cert).dump()


def test_without_trust_roots_a_valid_signature_is_intact_but_not_trusted(
    test_ca: Any, signer: Any
) -> None:
    from monev.signing.tests.test_pades import sample_pdfa

    signed = pades.sign(sample_pdfa(), signer, field_name="Paraf1-Uji", reason="Paraf")
    report = validate.validate(signed, [])
    assert report.intact and not report.signatures[0].trusted
    assert validate.validate(signed, [testca.asn1(test_ca.cert)]).signatures[0].trusted
    assert selectors.check(b"%PDF-1.7 rusak").signatures == []
