"""The sealed final document (SOP steps 12–13): the report's final version rendered once as
PDF/A-3b, with its sources embedded as associated files, a QR code and short code on every
page, and a closing "Lembar Arsip". The Kepala Dinas ratifies these bytes and the archive
entry stores them unchanged (docs/decisions/0015). No ORM: every input is a plain value in
`ArchiveInput`.

Reproducible: one input gives the same bytes. Typst (`render_pdf`, docs/decisions/0025)
dates the document and its attachments with the version's date and derives the /ID from the
document, so no post-pass rewrites the file: Typst lists each associated file once in /AF."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from io import BytesIO
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from monev.archive.data_xlsx import snapshot_xlsx
from monev.core import formats
from monev.core.formats import EMPTY
from monev.reports import document, kinds, render_pdf
from monev.reports.document import Heading, Table
from monev.reports.sections import SectionText
from monev.reports.snapshot import Snapshot

SNAPSHOT_NAME = "potret-data.json"
XLSX_NAME = "data-laporan.xlsx"
MANIFEST_NAME = "manifes-bukti-dukung.json"
AUDIT_NAME = "cuplikan-audit.json"
#: name → (relationship, description) of each associated file (ISO 32000-2, 7.11.3).
ATTACHED = {
    SNAPSHOT_NAME: ("Source", "Potret data laporan (JSON)"),
    XLSX_NAME: ("Data", "Data laporan (XLSX)"),
    MANIFEST_NAME: ("Data", "Manifes bukti dukung: nama, ukuran, SHA-256"),
    AUDIT_NAME: ("Supplement", "Cuplikan jejak audit siklus"),
}
QR_SIZE_MM = 14
MIME = {
    SNAPSHOT_NAME: "application/json",
    XLSX_NAME: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    MANIFEST_NAME: "application/json",
    AUDIT_NAME: "application/json",
}


@dataclass(frozen=True)
class ArchiveInput:
    """Everything the sealed document states, as plain values. `final` holds the final
    document's details (number, number_date, signatory) and the seal's (code, verify_url —
    the URL the QR code carries —, classification, retention_until)."""

    snapshot_json: str
    sections: list[dict[str, Any]]
    final: dict[str, Any]
    created: str  # ISO datetime: the version's own date
    audit_extract: list[dict[str, Any]] = field(default_factory=list)

    @property
    def code(self) -> str:
        return str(self.final.get("code", ""))

    @property
    def verify_url(self) -> str:
        return str(self.final.get("verify_url", ""))

    @property
    def classification(self) -> str:
        return str(self.final.get("classification", ""))


def _json(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, indent=1).encode()


def attached_files(inp: ArchiveInput, snap: Snapshot) -> dict[str, bytes]:
    """Return the associated files (name → bytes) embedded in the archive PDF."""
    kind = kinds.of(snap)
    # An annual document (the LKjIP) states the year at TW IV (`snap.quarter` is 4) but covers
    # the year: its cycle has no quarter.
    manifest = {
        "cycle": {"year": snap.year, "quarter": None if kind.annual else snap.quarter,
                  "kind": kind.key},
        "files": [
            {"indicator": e.indicator_code, "unit": e.unit_name, "name": e.name,
             "kind": e.kind, "size": e.size, "sha256": e.sha256}
            for e in snap.evidence
        ],
    }  # fmt: skip
    return {
        SNAPSHOT_NAME: inp.snapshot_json.encode(),
        XLSX_NAME: snapshot_xlsx(snap),
        MANIFEST_NAME: _json(manifest),
        AUDIT_NAME: _json(inp.audit_extract),
    }


def qr_svg(payload: str) -> bytes:
    """Return the QR code of `payload` as SVG bytes (printed `QR_SIZE_MM` wide)."""
    import segno

    out = BytesIO()
    segno.make(payload, error="m").save(out, kind="svg", border=2, xmldecl=False)
    return out.getvalue()


def dress(inp: ArchiveInput, files: dict[str, bytes]) -> render_pdf.Dress:
    """What the archive adds to the report: the QR code (bottom left) and the printed code
    with the verification address (bottom right) on every page, the cover and the landscape
    lampiran included; the associated files."""
    label = _("Arsip %(klasifikasi)s · kode verifikasi %(kode)s") % {
        "klasifikasi": inp.classification,
        "kode": inp.code,
    }
    verifier = str(inp.final.get("bsre_verifier") or "")
    # to be signed through BSrE: its sentence on every page (DOMAIN §13)
    note = BSRE_FOOTER % {"url": verifier} if verifier else ""
    return render_pdf.Dress(
        qr_svg=qr_svg(inp.verify_url),
        footer_note=note,
        label=label,
        address=inp.verify_url.split("?")[0],
        attachments=[
            render_pdf.Attachment(name=name, data=data, relationship=ATTACHED[name][0],
                                  description=ATTACHED[name][1], mime=MIME[name])
            for name, data in files.items()
        ],
    )  # fmt: skip


#: The footer sentence of a document signed through BSrE (DOMAIN §13; the verifier's address
#: is a setting, `MONEV_BSRE_VERIFIER_URL`).
BSRE_FOOTER = (
    "Dokumen ini telah ditandatangani secara elektronik menggunakan sertifikat elektronik yang "
    "diterbitkan oleh Balai Besar Sertifikasi Elektronik (BSrE), BSSN. Verifikasi keaslian "
    "dokumen dengan mengunggahnya di %(url)s"
)


def _date(iso: str) -> str:
    return formats.document_day(iso)


def archive_sheet(inp: ArchiveInput, snap: Snapshot, files: dict[str, bytes]) -> list[Any]:
    """The closing "Lembar Arsip": what is sealed, under which codes, until when, and who
    signs it (the signatory of the final document, a Plt./Plh. with their own name)."""
    import hashlib

    from monev.domain.nip import display_nip

    final = inp.final
    signatory = final.get("signatory") or {}
    position = document.SIGNATORY_PREFIX.get(signatory.get("mode", ""), "") + str(
        signatory.get("jabatan", "")
    )
    nip = str(signatory.get("nip", ""))
    rows = [
        [_("Nomor naskah"), final.get("number") or EMPTY],
        [_("Tanggal naskah"), _date(str(final.get("number_date", "")))],
        [_("Penanda tangan"), " — ".join(x for x in (position, signatory.get("name", "")) if x)
         or EMPTY],
        [_("NIP penanda tangan"), display_nip(nip) if nip else EMPTY],
        [_("Kode klasifikasi arsip"), inp.classification],
        [_("Kode verifikasi"), inp.code],
        [_("Halaman verifikasi"), inp.verify_url],
        [_("Retensi sampai"), _date(str(final.get("retention_until", "")))],
        [_("Jumlah bukti dukung"), str(len(snap.evidence))],
    ]  # fmt: skip
    attached = [
        [name, ATTACHED[name][1], ATTACHED[name][0], f"{len(data):,}".replace(",", "."),
         hashlib.sha256(data).hexdigest()]
        for name, data in files.items()
    ]  # fmt: skip
    return [
        Heading(level=1, text=_("LEMBAR ARSIP"), anchor="lembar-arsip"),
        Table(caption=_("Keterangan arsip"), headers=[_("Unsur"), _("Keterangan")], rows=rows,
              numeric=[False, False], anchor="tabel-arsip"),
        Table(caption=_("Berkas yang tersemat dalam dokumen ini"),
              headers=[_("Nama berkas"), _("Isi"), _("Hubungan"), _("Ukuran (bita)"),
                       _("SHA-256")],
              rows=attached, numeric=[False, False, False, True, False], anchor="tabel-sematan",
              small=True),
    ]  # fmt: skip


def render_archive(inp: ArchiveInput) -> bytes:
    """Return the archive PDF/A-3b bytes of `inp` (the same input, the same bytes)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _render(inp)


def _render(inp: ArchiveInput) -> bytes:
    snap = Snapshot.from_json(inp.snapshot_json)
    texts = [SectionText(**s) for s in inp.sections]
    doc = document.build(snap, texts, inp.final)
    doc.created = datetime.fromisoformat(inp.created)
    files = attached_files(inp, snap)
    doc.blocks.extend(archive_sheet(inp, snap, files))
    logo = (
        f"data:{snap.agency.logo_mime};base64,{snap.agency.logo_base64}"
        if snap.agency.logo_base64
        else ""
    )
    return render_pdf.render(
        doc,
        logo=logo,
        kop_lines=snap.agency.letterhead_lines,
        dress=dress(inp, files),
        pdf_variant="pdf/a-3b",
    )
