"""The default SOPs as plain, JSON-able data: "Monitoring/Evaluasi Internal Capaian Kinerja"
(`DEFAULT_SOP`, quarterly) and "Penyusunan Laporan Kinerja Tahunan" (`ANNUAL_SOP`, yearly).

Transcribed from the seed document (`seeds/000_3dd5b5d85accd29b.txt`, text extracted from the
agency's PDF). Where the extraction lost or garbled something, SPEC §2 gives the reading used
here: the lost fourth swimlane column is the Kepala Bidang, and step 3's output (garbled to
"7 Hari") is "Rekap data kinerja Dinas". Only obvious extraction typos are fixed
("Mengumpulka", "Draftlaporan", the address split "Batuman di"); everything else is the seed's
own wording, including its capitalisation.

The dict is the exchange shape of an SOP definition: `services.definition_load_seed` stores it,
`selectors.definition_as_dict` rebuilds it from the database, and
`monev.sop.document.sop_document_from_dict` turns it into the document the PDF is printed from.

No seed document exists for the annual SOP: `ANNUAL_SOP` carries the proposed defaults of
SPEC §16 (editable by the Administrator), in the same shape and with the same swimlane columns.
"""

from __future__ import annotations

from typing import Any

from monev.sop.choices import Cadence
from monev.sop.step_data import StepData

# Role keys (monev.accounts.choices.Role values) that hold the swimlane columns.
SEKRETARIS = "sekretaris"
KEPALA_BIDANG = "kepala_bidang"
KASUBAG_PROGRAM = "kasubag_program"
KEPALA_DINAS = "kepala_dinas"

_DRAFT_LMEK = "Draft Laporan Monitoring Evaluasi Kinerja"
_DRAFT_OUT = "Draft laporan monitoring evaluasi kinerja"


def _step(
    number: int,
    key: str,
    description: str,
    *,
    inputs: str,
    time: tuple[int, str],
    output: str,
    actor: str = KASUBAG_PROGRAM,
    lanes: list[str] | None = None,
    symbol: str = "process",
    approver: str | None = None,
    no_goto: int | None = None,
) -> StepData:
    return StepData(
        number=number,
        # The step's stable identity (monev.sop.choices.StepKey): features attach to it.
        key=key,
        description=description,
        actor=actor,
        approver=approver,
        # Swimlane columns where the step's symbol is drawn, the main one first.
        lanes=lanes if lanes is not None else [actor],
        symbol=symbol,
        no_goto=no_goto,
        inputs=inputs,
        time_value=time[0],
        time_unit=time[1],
        output=output,
        notes="",
    )


DEFAULT_SOP: dict[str, Any] = {
    "agency_lines": [
        "DINAS KOPERASI USAHA KECIL DAN MENENGAH DAN TENAGA KERJA",
        "KABUPATEN BALANGAN",
    ],
    "address": (
        "Jln. Poros Mantimin Batumandi-Lampihong Desa Mampari No. 44 Kecamatan Batumandi "
        "Kode Pos 71663"
    ),
    "number": "000.8.3.3./005/DKUKMTK-BLG/2024",
    "name": "Monitoring/Evaluasi Internal Capaian Kinerja",
    "cadence": Cadence.TRIWULANAN.value,
    "version": 1,
    # The seed leaves Tanggal Pembuatan, Revisi and Pengesahan empty.
    "created_on": None,
    "revised_on": None,
    "effective_on": None,
    "ratified_by": {
        "jabatan": "Plt. Kepala Dinas KUKMTK",
        "nama": "ABDURRAHMAN ARRAHIMI, S.Pi",
        # The seed abbreviates "Pembina Tk. I /IV/b".
        "pangkat": "Pembina Tingkat I",
        "golongan": "IV/b",
        "nip": "196811171997031003",
    },
    "legal_basis": [
        "Undang-Undang Republik Indonesia Nomor 23 Tahun 2014 tentang Pemerintahan Daerah.",
        "Peraturan Pemerintah Republik Indonesia Nomor 12 Tahun 2019 Tentang Pengelolaan "
        "Keuangan Daerah.",
        "Peraturan Menteri Dalam Negeri Nomor 52 Tahun 2011 tentang Standar Operasional "
        "Prosedur Di Lingkungan Pemerintah Provinsi dan Kabupaten/Kota",
        "Permendagri No. 73 tahun 2009 tentang tata cara pelaksanaan evaluasi kinerja "
        "penyelenggaraan pemerintahan daerah",
        "Peraturan Menteri Dalam Negeri Republik Indonesia Nomor 86 Tahun 2017 Tentang Tata "
        "Cara Perencanaan, Pengendalian Dan Evaluasi Pembangunan Daerah, Tata Cara Evaluasi "
        "Rancangan Peraturan Daerah Tentang Rencana Pembangunan Jangka Panjang Daerah Dan "
        "Rencana Pembangunan Jangka Menengah Daerah, Serta Tata Cara Perubahan Rencana "
        "Pembangunan.",
    ],
    "related_sops": [
        "SOP Pembuatan Pelaksanaan Kegiatan",
        "SOP Penyusunan Laporan Evaluasi Kinerja",
    ],
    "warnings": [
        "Jika SOP tidak dilaksanakan maka penyusunan laporan monitoring/evaluasi internal "
        "capaian kinerja tidak maksimal dan tidak tercapainya kinerja sesuai target yang "
        "ditetapkan.",
    ],
    "qualifications": [
        "Memiliki kemampuan pengolahan data",
        # "Akunabilitas" [sic]: the seed's spelling, kept as the agency wrote it.
        "Mengetahui tugas dan fungsi Sistem Akunabilitas Kinerja Instansi Pemerintah",
        "Mengetahui tugas dan fungsi dalam pembuatan laporan kinerja",
        "Memiliki kemampuan berkoordinasi dengan Bidang di lingkup Dinas",
    ],
    "equipment": [
        "Renja",
        "Dokumen Laporan Fisik dan Kegiatan",
        "Format Indikator Kinerja Utama",
        "Perangkat Komputer",
    ],
    "records": [
        "Disimpan sebagai dokumen pengendalian dan evaluasi kinerja",
    ],
    # Swimlane columns in the seed's order; the second one (column 4) was lost in extraction.
    "actors": [
        {"key": SEKRETARIS, "label": "Sekretaris"},
        {"key": KEPALA_BIDANG, "label": "Kepala Bidang"},
        {"key": KASUBAG_PROGRAM, "label": "Kasubag Program"},
        {"key": KEPALA_DINAS, "label": "Kepala Dinas"},
    ],
    "steps": [
        # Step 1: the Sekretaris opens the cycle ("Mulai" with a disposition); the Kasubag
        # Program holds the step in the system because it prepares the format isian.
        _step(
            1,
            "format_isian",
            "Membuat format isian monitoring evaluasi kinerja",
            lanes=[SEKRETARIS],
            symbol="terminator",
            inputs="Format isian",
            time=(15, "menit"),
            output="Disposisi",
        ),
        _step(
            2,
            "pengumpulan_data",
            "Melakukan pengumpulan data kinerja Bidang Per Triwulan",
            lanes=[KASUBAG_PROGRAM, KEPALA_BIDANG],
            inputs="Laporan Evaluasi Kinerja",
            time=(2, "hari"),
            output="Lembar Disposisi",
        ),
        _step(
            3,
            "olah_data",
            "Mengolah data kinerja Dinas",
            inputs="Laporan Evaluasi Kinerja",
            time=(7, "hari"),
            # The extraction shifted "7 Hari" into the output cell (SPEC §2).
            output="Rekap data kinerja Dinas",
        ),
        _step(
            4,
            "rencana_monev",
            "Menyusun rencana monitoring evaluasi kinerja setiap Bidang",
            approver=SEKRETARIS,
            inputs="Jadwal, Format Isian, Lembar Evaluasi Kinerja",
            time=(2, "hari"),
            output="Draft Laporan Kinerja",
        ),
        _step(
            5,
            "pelaksanaan_monev",
            "Melaksanakan monitoring evaluasi kinerja",
            lanes=[KASUBAG_PROGRAM, KEPALA_BIDANG],
            inputs="Blangko Monev",
            time=(7, "hari"),
            output="Draft Laporan Kinerja",
        ),
        _step(
            6,
            "kompilasi_hasil",
            "Mengumpulkan data dan informasi hasil monitoring evaluasi",
            inputs=_DRAFT_LMEK,
            time=(3, "jam"),
            output=_DRAFT_OUT,
        ),
        _step(
            7,
            "analisis",
            "Mengolah dan menganalisa data dan informasi hasil monitoring evaluasi",
            inputs=_DRAFT_LMEK,
            time=(1, "hari"),
            output=_DRAFT_OUT,
        ),
        _step(
            8,
            "draft_laporan",
            "Menyusun draft laporan monitoring evaluasi kinerja Dinas",
            inputs=_DRAFT_LMEK,
            time=(2, "hari"),
            output=_DRAFT_OUT,
        ),
        _step(
            9,
            "pembahasan",
            "Membahas draft laporan hasil monitoring",
            lanes=[KASUBAG_PROGRAM, SEKRETARIS, KEPALA_DINAS, KEPALA_BIDANG],
            inputs=_DRAFT_LMEK,
            time=(1, "minggu"),
            output=_DRAFT_OUT,
        ),
        _step(
            10,
            "perbaikan",
            "Melakukan perbaikan/koreksi Draft laporan hasil monitoring",
            inputs=_DRAFT_LMEK,
            time=(3, "hari"),
            output=_DRAFT_OUT,
        ),
        # Verification is the SOP's one decision: "Tidak" sends the draft back to step 10.
        _step(
            11,
            "verifikasi",
            "Melakukan verifikasi Draft laporan hasil Monitoring",
            actor=SEKRETARIS,
            symbol="decision",
            no_goto=10,
            inputs=_DRAFT_LMEK,
            time=(1, "hari"),
            output=_DRAFT_OUT,
        ),
        _step(
            12,
            "penyusunan_dokumen",
            "Menyusun dokumen monitoring evaluasi kinerja Dinas",
            approver=KEPALA_DINAS,
            lanes=[KASUBAG_PROGRAM, KEPALA_DINAS],
            inputs="Draft Laporan Monitoring Evaluasi",
            time=(1, "hari"),
            output="Laporan Monitoring Evaluasi",
        ),
        _step(
            13,
            "penyimpanan",
            "Menyimpan dokumen monitoring evaluasi kinerja Dinas",
            symbol="terminator",
            inputs="Laporan Monitoring Evaluasi",
            time=(15, "menit"),
            output="Laporan Monitoring Evaluasi",
        ),
    ],
}

_DRAFT_LKJIP = "Draft LKjIP"

#: The annual SOP (SPEC §16): the Perjanjian Kinerja at the start of the year, the LKjIP after
#: TW IV. Steps 4–9 carry the report keys of the monev SOP: the report of an annual cycle is the
#: LKjIP, run by the same review, ratification and archive code.
ANNUAL_SOP: dict[str, Any] = {
    "agency_lines": DEFAULT_SOP["agency_lines"],
    "address": DEFAULT_SOP["address"],
    # The seed's numbering (classification 000.8.3.3, running number 005): the next number.
    "number": "000.8.3.3./006/DKUKMTK-BLG/2024",
    "name": "Penyusunan Laporan Kinerja Tahunan",
    "cadence": Cadence.TAHUNAN.value,
    "version": 1,
    "created_on": None,
    "revised_on": None,
    "effective_on": None,
    "ratified_by": DEFAULT_SOP["ratified_by"],
    "legal_basis": [
        "Undang-Undang Republik Indonesia Nomor 23 Tahun 2014 tentang Pemerintahan Daerah.",
        "Peraturan Presiden Republik Indonesia Nomor 29 Tahun 2014 tentang Sistem "
        "Akuntabilitas Kinerja Instansi Pemerintah.",
        "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 53 "
        "Tahun 2014 tentang Petunjuk Teknis Perjanjian Kinerja, Pelaporan Kinerja dan Tata "
        "Cara Reviu atas Laporan Kinerja Instansi Pemerintah.",
        "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 88 "
        "Tahun 2021 tentang Evaluasi Akuntabilitas Kinerja Instansi Pemerintah.",
        "Peraturan Menteri Dalam Negeri Nomor 52 Tahun 2011 tentang Standar Operasional "
        "Prosedur Di Lingkungan Pemerintah Provinsi dan Kabupaten/Kota",
    ],
    "related_sops": [
        "SOP Monitoring/Evaluasi Internal Capaian Kinerja",
    ],
    "warnings": [
        "Jika SOP tidak dilaksanakan maka Perjanjian Kinerja dan Laporan Kinerja Instansi "
        "Pemerintah tidak tersusun tepat waktu dan akuntabilitas kinerja Dinas tidak dapat "
        "dinilai.",
    ],
    "qualifications": [
        "Memiliki kemampuan pengolahan dan analisis data kinerja",
        "Mengetahui tugas dan fungsi Sistem Akuntabilitas Kinerja Instansi Pemerintah",
        "Mengetahui tata cara penyusunan Perjanjian Kinerja dan Laporan Kinerja",
        "Memiliki kemampuan berkoordinasi dengan Bidang di lingkup Dinas",
    ],
    "equipment": [
        "Renstra dan Renja",
        "Laporan Monitoring Evaluasi Triwulan I–IV",
        "Format Perjanjian Kinerja dan Laporan Kinerja",
        "Perangkat Komputer",
    ],
    "records": [
        "Disimpan sebagai dokumen akuntabilitas kinerja tahunan",
    ],
    "actors": DEFAULT_SOP["actors"],
    "steps": [
        # Step 1 runs at the start of the year: the Kasubag Program drafts, the Kepala Dinas
        # signs the Perjanjian Kinerja (SPEC §16).
        _step(
            1,
            "perjanjian_kinerja",
            "Menyusun Perjanjian Kinerja tahun berjalan",
            approver=KEPALA_DINAS,
            lanes=[KASUBAG_PROGRAM, KEPALA_DINAS],
            symbol="terminator",
            inputs="Renstra, Renja, DPA",
            time=(5, "hari"),
            output="Perjanjian Kinerja",
        ),
        # Steps 2–9 after TW IV's monev cycle has finished.
        _step(
            2,
            "rekap_tahunan",
            "Mengumpulkan data capaian kinerja tahunan (TW I–IV)",
            inputs="Laporan Monitoring Evaluasi Triwulan I–IV",
            time=(3, "hari"),
            output="Rekap capaian tahunan",
        ),
        _step(
            3,
            "analisis_tahunan",
            "Mengolah dan menganalisa capaian kinerja tahunan",
            inputs="Rekap capaian tahunan",
            time=(5, "hari"),
            output="Analisis capaian",
        ),
        _step(
            4,
            "draft_laporan",
            "Menyusun draft Laporan Kinerja (LKjIP)",
            inputs="Analisis capaian, Perjanjian Kinerja",
            time=(5, "hari"),
            output=_DRAFT_LKJIP,
        ),
        _step(
            5,
            "pembahasan",
            "Membahas draft LKjIP",
            # As the monev SOP's step 9: the Kasubag Program opens and closes the discussion
            # (the report flow lets only them), the Sekretaris, Kepala Dinas and Kepala
            # Bidang comment in their lanes.
            lanes=[KASUBAG_PROGRAM, SEKRETARIS, KEPALA_DINAS, KEPALA_BIDANG],
            inputs=_DRAFT_LKJIP,
            time=(3, "hari"),
            output=_DRAFT_LKJIP,
        ),
        _step(
            6,
            "perbaikan",
            "Melakukan perbaikan draft LKjIP",
            inputs=_DRAFT_LKJIP,
            time=(2, "hari"),
            output=_DRAFT_LKJIP,
        ),
        # The SOP's decision, like the monev SOP's step 11: "Tidak" sends the draft back to 6.
        _step(
            7,
            "verifikasi",
            "Melakukan verifikasi draft LKjIP",
            actor=SEKRETARIS,
            symbol="decision",
            no_goto=6,
            inputs=_DRAFT_LKJIP,
            time=(1, "hari"),
            output=_DRAFT_LKJIP,
        ),
        # Ratification as the monev SOP's step 12: the Kasubag Program prepares the final
        # document, the Kepala Dinas ratifies it.
        _step(
            8,
            "penyusunan_dokumen",
            "Mengesahkan LKjIP",
            approver=KEPALA_DINAS,
            lanes=[KASUBAG_PROGRAM, KEPALA_DINAS],
            inputs=_DRAFT_LKJIP,
            time=(1, "hari"),
            output="LKjIP",
        ),
        _step(
            9,
            "penyimpanan",
            "Menyimpan dan menyampaikan LKjIP",
            symbol="terminator",
            inputs="LKjIP",
            time=(1, "hari"),
            output="LKjIP (arsip)",
        ),
    ],
}

#: Every default SOP an agency starts with, loaded together (`services.definitions_load_defaults`).
DEFAULT_SOPS: tuple[dict[str, Any], ...] = (DEFAULT_SOP, ANNUAL_SOP)
