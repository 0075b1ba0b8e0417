"""Render the Jadwal and the berita acara (snapshots of `monitoring.documents`) as A4 PDFs with
the agency's kop and signature blocks, with Typst (`monev.core.typeset`, decision 0025). No ORM
here."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from monev.core.formats import EMPTY, document_day
from monev.core.typeset import LETTER, array, compile_pdf, contact_line, fractions, letterhead, lit
from monev.domain.numbers import format_typed
from monev.domain.periods import format_date_long_id
from monev.monitoring.documents import BeritaAcara, Jadwal, Kop, Person

#: The page's side margin (points); Typst's tables start right at it (no frame padding), so
#: nothing sticks out past the kop's rule.
MARGIN = 15 * 72 / 25.4
FRAME_PADDING = 0.0

#: The documents carry no date of their own in the file: one snapshot, the same bytes.
FILE_DATE = datetime(2000, 1, 1, tzinfo=UTC)


def _num(value: Decimal | None) -> str:
    """A value as the blangko shows it: Indonesian grouping, no trailing zeros; "–" for none."""
    return format_typed(value) or EMPTY


def _kop(kop: Kop, files: dict[str, bytes]) -> str:
    """The letterhead with the agency's logo (DOMAIN §8.1), as on every other letter."""
    contact = contact_line(kop.address, kop.phone, kop.email)
    return letterhead(
        government=kop.government, agency=kop.agency, lines=list(kop.lines), contact=contact,
        logo=kop.logo, files=files,
    )  # fmt: skip


def _table(headers: list[str], rows: list[list[str]], shares: tuple[float, ...]) -> str:
    cells = ",\n".join(", ".join(lit(c) for c in row) for row in rows)
    return f"#ruled({fractions(shares)}, {array(headers)},\n{cells})\n"


def _signature(person: Person | None, *headings: str) -> str:
    """A signature block: heading lines, room to sign, the name underlined, the NIP."""
    name = lit(person.name) if person is not None else "none"
    nip = lit(person.nip) if person is not None else '""'
    return f"signature({array(list(headings))}, {name}, {nip})"


def _render(markup: str, files: dict[str, bytes], title: str) -> bytes:
    head = f"#set document(title: {lit(title)})\n{LETTER}"
    return compile_pdf(head + markup, files=files, created=FILE_DATE)


def jadwal_pdf(doc: Jadwal) -> bytes:
    """The Jadwal (step 4's output): one row per visit, landscape A4."""
    files: dict[str, bytes] = {}
    rows = [
        [
            str(n),
            row.unit,
            format_date_long_id(row.day),
            f"{row.start}–{row.end} WITA",
            row.place,
            "\n".join(f"{m.name} ({m.role})" for m in row.team),
            f"{row.indicators} indikator"
            + (f", {row.flagged} bertanda olah data" if row.flagged else ""),
        ]
        for n, row in enumerate(doc.rows, 1)
    ]
    headers = ["No", "Bidang", "Hari/Tanggal", "Waktu", "Tempat", "Tim Monev",
               "Indikator diverifikasi"]  # fmt: skip
    signer = _signature(
        doc.signer,
        f"{doc.kop.city}, {document_day(doc.printed)}",
        "Menyetujui,",
        doc.signer.position if doc.signer else "Sekretaris",
    )
    markup = (
        '#set page(paper: "a4", flipped: true, margin: (x: 15mm, y: 12mm))\n'
        + _kop(doc.kop, files)
        + f"#title({lit(doc.title)})\n"
        + _table(headers, rows, (0.04, 0.17, 0.13, 0.1, 0.16, 0.26, 0.14))
        + f"#v(8mm)\n#grid(columns: (3fr, 2fr), [], {signer})\n"
    )
    return _render(markup, files, doc.title)


def berita_acara_pdf(doc: BeritaAcara) -> bytes:
    """The berita acara of one visit (step 5's document), portrait A4."""
    files: dict[str, bytes] = {}
    opening = (
        f"Pada hari ini, {format_date_long_id(doc.day)}, pukul {doc.time} WITA, bertempat di "
        f"{doc.place}, Tim Monitoring dan Evaluasi Kinerja telah melaksanakan monitoring dan "
        f"evaluasi kinerja pada {doc.unit} dengan hasil sebagai berikut."
    )
    out = [
        '#set page(paper: "a4", margin: (x: 15mm, y: 12mm))\n',
        _kop(doc.kop, files),
        f"#title({lit(doc.title)})\n",
        f"#par(justify: true, {lit(opening)})\n",
        f"#h2({lit('A. Tim Monev')})\n",
        _table(
            ["No", "Nama", "NIP", "Jabatan", "Dalam tim"],
            [[str(i), m.name, m.nip, m.position, m.role] for i, m in enumerate(doc.team, 1)],
            (0.06, 0.3, 0.22, 0.27, 0.15),
        ),
        f"#h2({lit('B. Verifikasi data kinerja')})\n",
        _table(
            ["No", "Indikator", "Dilaporkan", "Hasil verifikasi", "Bukti dukung", "Usulan koreksi"],
            [
                [
                    str(i),
                    f"{line.code} {line.name} ({line.unit_of_measure})",
                    _num(line.reported),
                    _num(line.verified),
                    f"{line.verdict}{': ' + line.reason if line.reason else ''}" or EMPTY,
                    _num(line.proposed),
                ]
                for i, line in enumerate(doc.indicators, 1)
            ],
            (0.05, 0.37, 0.11, 0.12, 0.23, 0.12),
        ),
        f"#h2({lit('C. Daftar periksa')})\n",
        _table(["Bagian", "Butir", "Jawaban"], [list(c) for c in doc.checklist], (0.25, 0.5, 0.25)),
        f"#h2({lit('D. Temuan')})\n",
        _table(
            ["No", "Temuan", "Kategori", "Indikator", "Tanggapan Bidang"],
            [
                [str(i), t, c, ind or EMPTY, f"Dibantah: {d}" if d else "Disetujui"]
                for i, (t, c, ind, d) in enumerate(doc.findings, 1)
            ]
            or [[EMPTY, "Tidak ada temuan.", "", "", ""]],
            (0.05, 0.4, 0.15, 0.2, 0.2),
        ),
        f"#h2({lit('E. Rekomendasi')})\n",
        _table(
            ["No", "Rekomendasi", "Temuan", "Penanggung jawab", "Batas waktu"],
            [
                [str(i), t, f"No. {n}" if n else EMPTY, u, document_day(d)]
                for i, (t, u, d, n) in enumerate(doc.recommendations, 1)
            ]
            or [[EMPTY, "Tidak ada rekomendasi.", "", "", ""]],
            (0.05, 0.47, 0.1, 0.2, 0.18),
        ),
    ]
    if doc.summary:
        out += [f"#h2({lit('F. Kesimpulan tim')})\n", f"#par(justify: true, {lit(doc.summary)})\n"]
    out.append(f"#v(3mm)\n#par(justify: true, {lit(doc.answer)})\n#v(3mm)\n")
    out.append(
        f"#{lit('Demikian berita acara ini dibuat untuk dipergunakan sebagaimana mestinya.')}\n"
    )
    head = _signature(
        doc.head, "\u00a0", "Mengetahui,", doc.head.position if doc.head else "Kepala Bidang"
    )
    leader = _signature(
        doc.leader, f"{doc.kop.city}, {document_day(doc.day)}", "Ketua Tim Monev,", "\u00a0"
    )
    out.append(f"#v(6mm)\n#block(breakable: false, grid(columns: (1fr, 1fr), {head}, {leader}))\n")
    return _render("".join(out), files, doc.title)
