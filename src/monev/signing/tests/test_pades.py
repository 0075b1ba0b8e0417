"""pyHanko signing on any PDF/A-3: incremental, PDF/A-3 and its
attachment kept, an appended unsigned update reported; the signature block rendered to PNG."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from monev.signing import appearance, pades, testca, validate
from monev.signing.tests.pdftools import pdfa_and_attachments, pdfsig, pdfsig_verdicts


def sample_pdfa() -> bytes:
    """A small PDF/A-3b with one attachment and the signature block of DOMAIN §8.2, made by
    the app's own engine (Typst, decision 0025)."""
    from datetime import UTC, datetime

    from monev.core.typeset import compile_pdf

    markup = (
        '#set document(title: "Uji")\n'
        '#pdf.attach("potret-data.json", relationship: "data", mime-type: "application/json",'
        ' description: "Potret data")\n'
        "Laporan uji.\n\n"
        "#pad(left: 50%, top: 10mm)[Kota Uji, 7 Desember 2026 \\ Plt. Kepala Dinas Uji,"
        " #v(22mm) *#underline[Dr. BUDI SANTOSO, M.Si.]* \\ Pembina (IV/a) \\"
        " NIP. 19700101 199503 1 001]\n"
    )
    return compile_pdf(
        markup,
        files={"potret-data.json": b'{"uji": 1}'},
        created=datetime(2026, 12, 7, tzinfo=UTC),
        pdf_a=True,
    )


BLOCK = appearance.Block(
    name="Dr. BUDI SANTOSO, M.Si.", jabatan="Plt. Kepala Dinas Uji", pangkat="Pembina (IV/a)",
    nip="NIP. 19700101 199503 1 001", date="7 Desember 2026",
    provider_line="Segel elektronik instansi (bukan TTE tersertifikasi)",
    verify_url="https://monev.test/verifikasi/?kode=ABCD-2345",
)  # fmt: skip


def test_a_visible_signature_over_pdfa_keeps_it_pdfa_and_an_appended_update_is_reported(
    tmp_path: Path, test_ca: Any, signer: Any
) -> None:
    pdf = sample_pdfa()
    place = appearance.placement(pdf, BLOCK.name)
    signed = pades.sign(pdf, signer, field_name="Pengesahan-Uji", reason="Pengesahan",
                        placement=place, image_png=appearance.image(BLOCK))  # fmt: skip
    assert signed.startswith(pdf)
    path = tmp_path / "s.pdf"
    path.write_bytes(signed)
    assert pdfsig_verdicts(pdfsig(path)) == ["Signature is Valid."]
    status, names = pdfa_and_attachments(path)
    assert status.startswith("3") and names == ["potret-data.json"]
    # The box sits above the name, in the right half, on the page of the block.
    x1, y1, _x2, y2 = place.box
    assert x1 > 250 and 55 < y2 - y1 < 65
    # An unsigned update appended after signing (pikepdf, incremental): reported.
    with pikepdf.open(path) as opened:
        opened.docinfo["/Title"] = "Diubah"
        opened.save(tmp_path / "appended.pdf")
    rewritten = (tmp_path / "appended.pdf").read_bytes()
    report = validate.validate(rewritten, [testca.asn1(test_ca.cert)])
    assert not report.intact or report.changed_after
    # The signature block rendered to PNG (docs/screenshots/wave20/ keeps a copy).
    subprocess.run(["pdftoppm", "-r", "110", "-png", "-singlefile", str(path),
                    str(tmp_path / "blok")], check=True, timeout=60)  # fmt: skip
    assert (tmp_path / "blok.png").stat().st_size > 5000


@pytest.mark.parametrize("name", ["", "NAMA TIDAK ADA"])
def test_without_the_name_the_signature_goes_to_the_last_page(name: str) -> None:
    place = appearance.placement(sample_pdfa(), name)
    assert place.page == 0 and place.box[1] > 100
