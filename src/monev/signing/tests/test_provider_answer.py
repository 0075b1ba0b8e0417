"""What the app keeps from a provider's answer (`services._check`): only `before` with one more
intact signature appended. A changed earlier byte, a changed byte inside the new signature's
range, or an answer with no new signature is refused with a message."""

from __future__ import annotations

from typing import Any

import pytest

from monev.signing import pades, services, testca
from monev.signing.tests.test_pades import sample_pdfa


@pytest.fixture(scope="module")
def signed_pair(test_ca: testca.Authority) -> tuple[bytes, bytes]:
    pdf = sample_pdfa()
    key, cert = testca.issue(test_ca, "Segel Uji")
    signer = pades.signer_from_pkcs12(testca.pkcs12_of(test_ca, key, cert, None))
    first = pades.sign(pdf, signer, field_name="Paraf-1", reason="Paraf")
    second = pades.sign(first, signer, field_name="Paraf-2", reason="Paraf")
    return first, second


def _flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]


def test_one_more_intact_signature_is_accepted(signed_pair: tuple[bytes, bytes]) -> None:
    first, second = signed_pair
    assert services._check(first, second) == ""


def test_an_answer_that_changes_an_earlier_byte_is_refused(
    signed_pair: tuple[bytes, bytes],
) -> None:
    first, second = signed_pair
    assert "bukan pembaruan bertahap" in services._check(first, _flip(second, 200))


def test_a_changed_byte_in_the_new_revision_is_refused(signed_pair: tuple[bytes, bytes]) -> None:
    first, second = signed_pair
    # A byte of the new revision's content (before its signature's /Contents), inside the
    # range the new signature covers.
    at = len(first) + 20
    assert "tidak utuh" in services._check(first, _flip(second, at))


@pytest.mark.parametrize("answer", ["same", "unsigned-update"])
def test_an_answer_without_a_new_signature_is_refused(
    signed_pair: tuple[bytes, bytes], answer: Any
) -> None:
    first, _second = signed_pair
    returned = first if answer == "same" else first + b"\n% an update with no signature\n"
    assert "tidak utuh" in services._check(first, returned)
