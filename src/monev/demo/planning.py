"""Demo plan: the Renstra 2025–2029 of DKUKMTK Kabupaten Balangan and its 2026 Renja.

Where the data comes from:

- Program, kegiatan and sub kegiatan codes and names are the Kepmendagri 050-5889/2021
  nomenclature (and its amendments) as collected in shared/DOMAIN.md §5: urusan 2.17 Koperasi,
  Usaha Kecil, dan Menengah (§5.3), 2.07 Tenaga Kerja (§5.4) and the support programme X.XX.01,
  budgeted under 2.17.01 (§5.5). No code outside those lists is used; the one sub kegiatan
  number DOMAIN names without a number (RTK Mikro, 2.07.02.2.01.0002) follows the order of
  §5.4's list (RTK Makro, RTK Mikro).
- Program outcome and sub kegiatan output indicators follow DOMAIN §5.3–§5.5 (Banyuwangi and
  other Pemda examples); the IKU are the sasaran-level outcomes of DOMAIN §4.
- Budgets are at Balangan's scale: DOMAIN §5.6 (Banyuwangi 2026) divided by about 3 to 5,
  about Rp 5.2 M for the agency in 2026, of which Rp 2.85 M gaji.
- Indicators cover every polarity, aggregation and negative-formula variant of RULES §2–§3;
  cumulative ones carry per-quarter Rencana Aksi targets for 2026 that add up to the annual
  target, except `INCONSISTENT_INDICATOR`, whose quarters fall short (to show the warning).

Tujuan and sasaran (codes T1, S1.1 …) are the agency's own, not Kepmendagri codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from monev.organization.models import Agency, Unit
from monev.planning.choices import Aggregation, Level, NegativeVariant, Polarity
from monev.planning.models import Budget, Indicator, PlanNode, RenstraPeriod, Target

PERIOD_NAME = "Renstra Dinas KUKMTK Kabupaten Balangan 2025–2029"
NOMENCLATURE_VERSION = "Kepmendagri 050-5889/2021 dan perubahannya s.d. 900.1-861/2026"
START_YEAR, END_YEAR = 2025, 2029
#: The year of the Renja whose quarterly targets (Rencana Aksi) and cash plan are loaded.
RENJA_YEAR = 2026
#: The cumulative indicator whose 2026 quarters deliberately do not add up to its annual target.
INCONSISTENT_INDICATOR = "IK.2.17.05.2.01.0001.01"

POS, NEG = Polarity.POSITIVE, Polarity.NEGATIVE
CUM, LAST, AVG = Aggregation.CUMULATIVE, Aggregation.LAST, Aggregation.AVERAGE
VAR_A, VAR_B = NegativeVariant.A, NegativeVariant.B


@dataclass(frozen=True)
class NodeRow:
    code: str
    name: str
    parent: str | None
    unit: str | None


@dataclass(frozen=True)
class IndicatorRow:
    """One indicator; numbers are strings so that they become exact Decimals."""

    node: str
    name: str
    satuan: str
    unit: str
    baseline: str  # kondisi awal (realisation 2024)
    targets: tuple[str, str, str, str, str]  # annual, 2025 … 2029
    quarters: tuple[str, str, str, str] | None = None  # Rencana Aksi 2026, TW I … IV
    polarity: Polarity = POS
    aggregation: Aggregation = CUM
    variant: NegativeVariant = VAR_A
    decimals: int = 0
    iku: bool = False
    definition: str = ""
    data_source: str = ""


# --- The tree -------------------------------------------------------------------------------

NODES: list[NodeRow] = [
    NodeRow(
        "T1",
        "Meningkatnya peran koperasi, usaha mikro, kecil dan menengah serta tenaga kerja "
        "dalam perekonomian daerah",
        None,
        None,
    ),
    NodeRow("T2", "Meningkatnya akuntabilitas kinerja dan kualitas pelayanan Dinas", None, None),
    NodeRow("S1.1", "Meningkatnya koperasi yang aktif dan sehat", "T1", "BID-KOP"),
    NodeRow("S1.2", "Meningkatnya usaha mikro yang naik kelas", "T1", "BID-UKM"),
    NodeRow("S1.3", "Menurunnya pengangguran terbuka", "T1", "BID-NAKER"),
    NodeRow("S2.1", "Meningkatnya kualitas perencanaan dan akuntabilitas kinerja", "T2", "SEK"),
    # Support programme (X.XX.01, budgeted under the first bidang urusan 2.17, DOMAIN §5.5)
    NodeRow(
        "2.17.01", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA", "S2.1", "SEK"
    ),
    NodeRow(
        "2.17.01.2.01",
        "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah",
        "2.17.01",
        "SUBBAG-PROG",
    ),
    NodeRow(
        "2.17.01.2.01.0001",
        "Penyusunan Dokumen Perencanaan Perangkat Daerah",
        "2.17.01.2.01",
        "SUBBAG-PROG",
    ),
    NodeRow(
        "2.17.01.2.01.0006",
        "Koordinasi dan Penyusunan Laporan Capaian Kinerja dan Ikhtisar Realisasi Kinerja SKPD",
        "2.17.01.2.01",
        "SUBBAG-PROG",
    ),
    NodeRow(
        "2.17.01.2.01.0007", "Evaluasi Kinerja Perangkat Daerah", "2.17.01.2.01", "SUBBAG-PROG"
    ),
    NodeRow("2.17.01.2.02", "Administrasi Keuangan Perangkat Daerah", "2.17.01", "SUBBAG-KEU"),
    NodeRow("2.17.01.2.02.0001", "Penyediaan Gaji dan Tunjangan ASN", "2.17.01.2.02", "SUBBAG-KEU"),
    NodeRow("2.17.01.2.06", "Administrasi Umum Perangkat Daerah", "2.17.01", "SUBBAG-UMPEG"),
    NodeRow(
        "2.17.01.2.06.0009",
        "Penyelenggaraan Rapat Koordinasi dan Konsultasi SKPD",
        "2.17.01.2.06",
        "SUBBAG-UMPEG",
    ),
    NodeRow(
        "2.17.01.2.08",
        "Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah",
        "2.17.01",
        "SUBBAG-UMPEG",
    ),
    NodeRow(
        "2.17.01.2.08.0002",
        "Penyediaan Jasa Komunikasi, Sumber Daya Air dan Listrik",
        "2.17.01.2.08",
        "SUBBAG-UMPEG",
    ),
    # 2.17 Koperasi (Bidang Koperasi, DOMAIN §5.3)
    NodeRow("2.17.03", "PROGRAM PENGAWASAN DAN PEMERIKSAAN KOPERASI", "S1.1", "BID-KOP"),
    NodeRow(
        "2.17.03.2.01",
        "Pemeriksaan dan Pengawasan Koperasi, Koperasi Simpan Pinjam/Unit Simpan Pinjam "
        "Koperasi yang Wilayah Keanggotaannya dalam Daerah Kabupaten/Kota",
        "2.17.03",
        "BID-KOP",
    ),
    NodeRow(
        "2.17.03.2.01.0003",
        "Penguatan Tata Kelola Kelembagaan Koperasi",
        "2.17.03.2.01",
        "BID-KOP",
    ),
    NodeRow(
        "2.17.03.2.01.0004",
        "Pelaksanaan Proses Pemeriksaan dan Pengawasan Koperasi",
        "2.17.03.2.01",
        "BID-KOP",
    ),
    NodeRow("2.17.04", "PROGRAM PENILAIAN KESEHATAN KSP/USP KOPERASI", "S1.1", "BID-KOP"),
    NodeRow(
        "2.17.04.2.01",
        "Penilaian Kesehatan KSP/USP Koperasi yang Wilayah Keanggotaannya dalam 1 (Satu) "
        "Daerah Kabupaten/Kota",
        "2.17.04",
        "BID-KOP",
    ),
    NodeRow(
        "2.17.04.2.01.0001",
        "Pelaksanaan Penilaian Kesehatan KSP/USP Koperasi Kewenangan Kabupaten/Kota",
        "2.17.04.2.01",
        "BID-KOP",
    ),
    NodeRow("2.17.05", "PROGRAM PENDIDIKAN DAN LATIHAN PERKOPERASIAN", "S1.1", "BID-KOP"),
    NodeRow(
        "2.17.05.2.01",
        "Pendidikan dan Latihan Perkoperasian bagi Koperasi yang Wilayah Keanggotaan dalam "
        "Daerah Kabupaten/Kota",
        "2.17.05",
        "BID-KOP",
    ),
    NodeRow(
        "2.17.05.2.01.0001",
        "Peningkatan Pemahaman dan Pengetahuan Perkoperasian serta Kapasitas dan Kompetensi "
        "SDM Koperasi",
        "2.17.05.2.01",
        "BID-KOP",
    ),
    NodeRow("2.17.06", "PROGRAM PEMBERDAYAAN DAN PERLINDUNGAN KOPERASI", "S1.1", "BID-KOP"),
    NodeRow(
        "2.17.06.2.01",
        "Pemberdayaan dan Perlindungan Koperasi yang Keanggotaannya dalam Daerah Kabupaten/Kota",
        "2.17.06",
        "BID-KOP",
    ),
    NodeRow(
        "2.17.06.2.01.0009",
        "Pemberdayaan Koperasi dengan Keanggotaan Daerah Kabupaten/Kota",
        "2.17.06.2.01",
        "BID-KOP",
    ),
    # 2.17 UMKM (Bidang Usaha Kecil dan Menengah, DOMAIN §5.3)
    NodeRow(
        "2.17.07",
        "PROGRAM PEMBERDAYAAN USAHA MENENGAH, USAHA KECIL, DAN USAHA MIKRO (UMKM)",
        "S1.2",
        "BID-UKM",
    ),
    NodeRow(
        "2.17.07.2.01",
        "Pemberdayaan Usaha Mikro yang Dilakukan melalui Pendataan, Kemitraan, Kemudahan "
        "Perizinan, Penguatan Kelembagaan dan Koordinasi dengan Para Pemangku Kepentingan",
        "2.17.07",
        "BID-UKM",
    ),
    NodeRow(
        "2.17.07.2.01.0003",
        "Fasilitasi Kemudahan Perizinan Usaha Mikro",
        "2.17.07.2.01",
        "BID-UKM",
    ),
    NodeRow(
        "2.17.07.2.01.0015",
        "Peningkatan Pemahaman dan Pengetahuan UMKM serta Kapasitas dan Kompetensi SDM UMKM "
        "dan Kewirausahaan melalui Pendidikan dan Pelatihan",
        "2.17.07.2.01",
        "BID-UKM",
    ),
    NodeRow("2.17.08", "PROGRAM PENGEMBANGAN UMKM", "S1.2", "BID-UKM"),
    NodeRow(
        "2.17.08.2.01",
        "Pengembangan Usaha Mikro dengan Orientasi Peningkatan Skala Usaha menjadi Usaha Kecil",
        "2.17.08",
        "BID-UKM",
    ),
    NodeRow("2.17.08.2.01.0002", "Pengembangan Usaha Mikro", "2.17.08.2.01", "BID-UKM"),
    # 2.07 Tenaga Kerja (Bidang Tenaga Kerja and UPTD BLK, DOMAIN §5.4)
    NodeRow("2.07.02", "PROGRAM PERENCANAAN TENAGA KERJA", "S1.3", "BID-NAKER"),
    NodeRow("2.07.02.2.01", "Penyusunan Rencana Tenaga Kerja (RTK)", "2.07.02", "BID-NAKER"),
    NodeRow(
        "2.07.02.2.01.0002",
        "Penyusunan Rencana Tenaga Kerja Mikro",
        "2.07.02.2.01",
        "BID-NAKER",
    ),
    NodeRow(
        "2.07.03",
        "PROGRAM PELATIHAN KERJA DAN PRODUKTIVITAS TENAGA KERJA",
        "S1.3",
        "BID-NAKER",
    ),
    NodeRow(
        "2.07.03.2.01",
        "Pelaksanaan Pelatihan berdasarkan Unit Kompetensi",
        "2.07.03",
        "UPTD-BLK",
    ),
    NodeRow(
        "2.07.03.2.01.0001",
        "Proses Pelaksanaan Pendidikan dan Pelatihan Keterampilan bagi Pencari Kerja "
        "berdasarkan Klaster Kompetensi",
        "2.07.03.2.01",
        "UPTD-BLK",
    ),
    NodeRow("2.07.03.2.02", "Pembinaan Lembaga Pelatihan Kerja Swasta", "2.07.03", "BID-NAKER"),
    NodeRow(
        "2.07.03.2.02.0001",
        "Pembinaan Lembaga Pelatihan Kerja Swasta",
        "2.07.03.2.02",
        "BID-NAKER",
    ),
    NodeRow("2.07.04", "PROGRAM PENEMPATAN TENAGA KERJA", "S1.3", "BID-NAKER"),
    NodeRow(
        "2.07.04.2.01", "Pelayanan Antarkerja di Daerah Kabupaten/Kota", "2.07.04", "BID-NAKER"
    ),
    NodeRow("2.07.04.2.01.0002", "Pelayanan Antar Kerja", "2.07.04.2.01", "BID-NAKER"),
    NodeRow("2.07.04.2.03", "Pengelolaan Informasi Pasar Kerja", "2.07.04", "BID-NAKER"),
    NodeRow("2.07.04.2.03.0003", "Job Fair/Bursa Kerja", "2.07.04.2.03", "BID-NAKER"),
    NodeRow(
        "2.07.04.2.04",
        "Pelindungan PMI (Pra dan Purna Penempatan) di Daerah Kabupaten/Kota",
        "2.07.04",
        "BID-NAKER",
    ),
    NodeRow(
        "2.07.04.2.04.0001",
        "Peningkatan Pelindungan dan Kompetensi CPMI/PMI",
        "2.07.04.2.04",
        "BID-NAKER",
    ),
    NodeRow("2.07.05", "PROGRAM HUBUNGAN INDUSTRIAL", "S1.3", "BID-NAKER"),
    NodeRow(
        "2.07.05.2.01",
        "Pengesahan Peraturan Perusahaan dan Pendaftaran Perjanjian Kerja Bersama untuk "
        "Perusahaan yang Hanya Beroperasi dalam 1 (Satu) Daerah Kabupaten/Kota",
        "2.07.05",
        "BID-NAKER",
    ),
    NodeRow("2.07.05.2.01.0001", "Pengesahan Peraturan Perusahaan", "2.07.05.2.01", "BID-NAKER"),
    NodeRow(
        "2.07.05.2.02",
        "Pencegahan dan Penyelesaian Perselisihan Hubungan Industrial, Mogok Kerja dan "
        "Penutupan Perusahaan di Daerah Kabupaten/Kota",
        "2.07.05",
        "BID-NAKER",
    ),
    NodeRow(
        "2.07.05.2.02.0001",
        "Pencegahan Perselisihan Hubungan Industrial, Mogok Kerja, dan Penutupan Perusahaan",
        "2.07.05.2.02",
        "BID-NAKER",
    ),
    NodeRow(
        "2.07.05.2.02.0004",
        "Pelaksanaan Operasional LKS Tripartit Daerah Kabupaten/Kota",
        "2.07.05.2.02",
        "BID-NAKER",
    ),
]

# --- Indicators -----------------------------------------------------------------------------

INDICATORS: list[IndicatorRow] = [
    # Sasaran: IKU (outcome), with definition and data source
    IndicatorRow(
        "S1.1",
        "Persentase koperasi aktif",
        "%",
        "BID-KOP",
        "55.40",
        ("58.00", "61.50", "64.00", "66.50", "70.00"),
        ("58.50", "59.50", "60.50", "61.50"),
        aggregation=LAST,
        decimals=2,
        iku=True,
        definition=(
            "Jumlah koperasi aktif (menyelenggarakan Rapat Anggota Tahunan tahun buku "
            "sebelumnya) dibagi jumlah koperasi berbadan hukum di Kabupaten Balangan × 100%."
        ),
        data_source="Online Data System (ODS) Kementerian Koperasi; laporan RAT koperasi",
    ),
    IndicatorRow(
        "S1.2",
        "Persentase usaha mikro yang naik kelas",
        "%",
        "BID-UKM",
        "2.80",
        ("3.50", "4.50", "5.25", "6.00", "7.00"),
        ("1.00", "2.00", "3.25", "4.50"),
        aggregation=LAST,
        decimals=2,
        iku=True,
        definition=(
            "Jumlah usaha mikro binaan yang naik skala usahanya menjadi usaha kecil menurut "
            "kriteria PP 7/2021 dalam tahun berjalan dibagi jumlah usaha mikro binaan × 100%."
        ),
        data_source="Basis data usaha mikro binaan Bidang UKM (SIDT-KUMKM)",
    ),
    IndicatorRow(
        "S1.3",
        "Tingkat pengangguran terbuka",
        "%",
        "BID-NAKER",
        "4.35",
        ("4.25", "4.10", "3.95", "3.80", "3.65"),
        polarity=NEG,
        aggregation=LAST,
        decimals=2,
        iku=True,
        definition=(
            "Jumlah penganggur dibagi jumlah angkatan kerja × 100% (Sakernas Agustus); "
            "makin rendah makin baik."
        ),
        data_source="BPS Kabupaten Balangan, Survei Angkatan Kerja Nasional (Agustus)",
    ),
    IndicatorRow(
        "S2.1",
        "Nilai evaluasi AKIP internal",
        "nilai",
        "SEK",
        "62.15",
        ("64.00", "66.50", "69.00", "71.00", "73.00"),
        aggregation=LAST,
        decimals=2,
        iku=True,
        definition=(
            "Nilai hasil evaluasi Akuntabilitas Kinerja Instansi Pemerintah atas Dinas "
            "(PermenPANRB 88/2021), skala 0–100."
        ),
        data_source="Laporan Hasil Evaluasi AKIP, Inspektorat Kabupaten Balangan",
    ),
    # Program: outcome
    IndicatorRow(
        "2.17.01",
        "Persentase dokumen perencanaan, penganggaran dan laporan kinerja yang disusun tepat waktu",
        "%",
        "SEK",
        "90.00",
        ("95.00", "100.00", "100.00", "100.00", "100.00"),
        ("100.00", "100.00", "100.00", "100.00"),
        aggregation=AVG,
        decimals=2,
    ),
    IndicatorRow(
        "2.17.03",
        "Cakupan pengawasan koperasi",
        "%",
        "BID-KOP",
        "18.50",
        ("22.00", "25.00", "28.00", "31.00", "35.00"),
        ("6.25", "12.50", "18.75", "25.00"),
        aggregation=LAST,
        decimals=2,
    ),
    IndicatorRow(
        "2.17.04",
        "Persentase KSP/USP koperasi yang sehat",
        "%",
        "BID-KOP",
        "40.00",
        ("42.50", "45.00", "50.00", "52.50", "55.00"),
        aggregation=LAST,
        decimals=2,
    ),
    IndicatorRow(
        "2.17.05",
        "Persentase pengurus/pengawas koperasi bersertifikat kompetensi",
        "%",
        "BID-KOP",
        "12.5",
        ("15.0", "18.0", "21.0", "24.0", "27.0"),
        ("15.0", "15.5", "17.0", "18.0"),
        aggregation=LAST,
        decimals=1,
    ),
    IndicatorRow(
        "2.17.06",
        "Pertumbuhan volume usaha koperasi",
        "%",
        "BID-KOP",
        "3.10",
        ("3.50", "4.00", "4.25", "4.50", "5.00"),
        aggregation=LAST,
        decimals=2,
    ),
    IndicatorRow(
        "2.17.07",
        "Persentase usaha mikro yang bertransformasi dari informal ke formal",
        "%",
        "BID-UKM",
        "18.00",
        ("21.00", "24.00", "27.00", "30.00", "33.00"),
        ("21.50", "22.50", "23.25", "24.00"),
        aggregation=LAST,
        decimals=2,
    ),
    IndicatorRow(
        "2.17.08",
        "Persentase usaha mikro yang meningkat omsetnya",
        "%",
        "BID-UKM",
        "12.00",
        ("14.00", "16.00", "18.00", "20.00", "22.00"),
        aggregation=LAST,
        decimals=2,
    ),
    IndicatorRow(
        "2.07.02",
        "Persentase perusahaan menengah dan besar yang menyusun rencana tenaga kerja mikro",
        "%",
        "BID-NAKER",
        "10.0",
        ("15.0", "20.0", "25.0", "30.0", "35.0"),
        ("16.0", "18.0", "19.0", "20.0"),
        aggregation=LAST,
        decimals=1,
    ),
    IndicatorRow(
        "2.07.03",
        "Persentase tenaga kerja bersertifikat kompetensi",
        "%",
        "BID-NAKER",
        "20.00",
        ("25.00", "30.00", "35.00", "40.00", "45.00"),
        ("26.00", "27.50", "29.00", "30.00"),
        aggregation=LAST,
        decimals=2,
    ),
    IndicatorRow(
        "2.07.04",
        "Persentase pencari kerja terdaftar yang ditempatkan",
        "%",
        "BID-NAKER",
        "28.00",
        ("30.00", "32.50", "35.00", "37.50", "40.00"),
        ("20.00", "25.00", "30.00", "32.50"),
        aggregation=LAST,
        decimals=2,
    ),
    IndicatorRow(
        "2.07.05",
        "Persentase perselisihan hubungan industrial yang berlanjut ke Pengadilan Hubungan "
        "Industrial",
        "%",
        "BID-NAKER",
        "25.00",
        ("22.50", "20.00", "17.50", "15.00", "12.50"),
        ("20.00", "20.00", "20.00", "20.00"),
        polarity=NEG,
        aggregation=LAST,
        variant=VAR_B,
        decimals=2,
    ),
    # Sub kegiatan: output — support programme (Sekretariat)
    IndicatorRow(
        "2.17.01.2.01.0001",
        "Jumlah dokumen perencanaan perangkat daerah",
        "dokumen",
        "SUBBAG-PROG",
        "4",
        ("4", "4", "4", "4", "5"),
        ("1", "1", "1", "1"),
    ),
    IndicatorRow(
        "2.17.01.2.01.0006",
        "Jumlah laporan capaian kinerja dan ikhtisar realisasi kinerja SKPD",
        "laporan",
        "SUBBAG-PROG",
        "7",
        ("7", "7", "7", "7", "7"),
        ("2", "2", "1", "2"),
    ),
    IndicatorRow(
        "2.17.01.2.01.0007",
        "Jumlah laporan evaluasi kinerja perangkat daerah",
        "laporan",
        "SUBBAG-PROG",
        "4",
        ("4", "4", "4", "4", "4"),
        ("1", "1", "1", "1"),
    ),
    IndicatorRow(
        "2.17.01.2.02.0001",
        "Jumlah orang yang menerima gaji dan tunjangan ASN",
        "orang",
        "SUBBAG-KEU",
        "46",
        ("47", "48", "48", "49", "50"),
        ("48", "48", "48", "48"),
        aggregation=LAST,
    ),
    IndicatorRow(
        "2.17.01.2.06.0009",
        "Jumlah laporan penyelenggaraan rapat koordinasi dan konsultasi SKPD",
        "laporan",
        "SUBBAG-UMPEG",
        "12",
        ("12", "12", "12", "12", "12"),
        ("3", "3", "3", "3"),
    ),
    IndicatorRow(
        "2.17.01.2.08.0002",
        "Jumlah laporan penyediaan jasa komunikasi, sumber daya air dan listrik",
        "laporan",
        "SUBBAG-UMPEG",
        "12",
        ("12", "12", "12", "12", "12"),
    ),
    # Sub kegiatan: output — Bidang Koperasi
    IndicatorRow(
        "2.17.03.2.01.0003",
        "Jumlah koperasi yang dilakukan penguatan tata kelola kelembagaan",
        "koperasi",
        "BID-KOP",
        "12",
        ("16", "20", "24", "28", "32"),
        ("4", "6", "6", "4"),
    ),
    IndicatorRow(
        "2.17.03.2.01.0004",
        "Jumlah koperasi yang telah dilakukan pemeriksaan dan pengawasan",
        "koperasi",
        "BID-KOP",
        "30",
        ("35", "40", "45", "50", "55"),
        ("10", "10", "10", "10"),
    ),
    IndicatorRow(
        "2.17.04.2.01.0001",
        "Jumlah unit usaha koperasi yang telah dilakukan penilaian kesehatan",
        "unit usaha",
        "BID-KOP",
        "10",
        ("12", "15", "18", "20", "22"),
        ("3", "4", "4", "4"),
    ),
    IndicatorRow(  # INCONSISTENT_INDICATOR: quarters add up to 100, the annual target is 120
        "2.17.05.2.01.0001",
        "Jumlah SDM yang memahami pengetahuan perkoperasian",
        "orang",
        "BID-KOP",
        "90",
        ("100", "120", "130", "140", "150"),
        ("20", "30", "30", "20"),
    ),
    IndicatorRow(
        "2.17.06.2.01.0009",
        "Jumlah koperasi yang diberdayakan",
        "koperasi",
        "BID-KOP",
        "15",
        ("20", "25", "30", "35", "40"),
        ("5", "7", "8", "5"),
    ),
    # Sub kegiatan: output — Bidang Usaha Kecil dan Menengah
    IndicatorRow(
        "2.17.07.2.01.0003",
        "Jumlah usaha mikro yang telah mendapatkan perizinan",
        "unit usaha",
        "BID-UKM",
        "210",
        ("250", "300", "350", "400", "450"),
        ("60", "80", "90", "70"),
    ),
    IndicatorRow(
        "2.17.07.2.01.0003",
        "Rata-rata waktu fasilitasi penerbitan perizinan usaha mikro",
        "hari kerja",
        "BID-UKM",
        "4.5",
        ("4.0", "3.5", "3.0", "3.0", "2.5"),
        ("4.0", "3.5", "3.5", "3.0"),
        polarity=NEG,
        aggregation=AVG,
        decimals=1,
    ),
    IndicatorRow(
        "2.17.07.2.01.0015",
        "Jumlah SDM yang memahami pengetahuan usaha mikro dan kewirausahaan",
        "orang",
        "BID-UKM",
        "120",
        ("140", "150", "160", "170", "180"),
        ("30", "40", "45", "35"),
    ),
    IndicatorRow(
        "2.17.08.2.01.0002",
        "Jumlah usaha mikro yang terfasilitasi",
        "unit usaha",
        "BID-UKM",
        "60",
        ("70", "80", "90", "100", "110"),
        ("15", "20", "25", "20"),
    ),
    IndicatorRow(
        "2.17.08.2.01.0002",
        "Rata-rata peningkatan omzet usaha mikro yang terfasilitasi",
        "%",
        "BID-UKM",
        "8.0",
        ("9.0", "10.0", "11.0", "12.0", "12.5"),
        ("8.0", "9.5", "10.5", "12.0"),
        aggregation=AVG,
        decimals=1,
    ),
    # Sub kegiatan: output — Bidang Tenaga Kerja and UPTD BLK
    IndicatorRow(
        "2.07.02.2.01.0002",
        "Jumlah perusahaan yang menyusun rencana tenaga kerja mikro",
        "perusahaan",
        "BID-NAKER",
        "5",
        ("8", "10", "12", "14", "15"),
        ("2", "3", "3", "2"),
    ),
    IndicatorRow(
        "2.07.03.2.01.0001",
        "Jumlah tenaga kerja yang mendapat pelatihan berbasis kompetensi",
        "orang",
        "UPTD-BLK",
        "128",
        ("144", "160", "176", "192", "208"),
        ("32", "48", "48", "32"),
    ),
    IndicatorRow(
        "2.07.03.2.01.0001",
        "Persentase peserta pelatihan yang lulus uji kompetensi",
        "%",
        "UPTD-BLK",
        "80.00",
        ("82.50", "85.00", "87.50", "90.00", "90.00"),
        ("85.00", "85.00", "85.00", "85.00"),
        aggregation=AVG,
        decimals=2,
    ),
    IndicatorRow(
        "2.07.03.2.02.0001",
        "Jumlah lembaga pelatihan kerja swasta yang dibina",
        "lembaga",
        "BID-NAKER",
        "5",
        ("6", "8", "8", "9", "10"),
        ("2", "2", "2", "2"),
    ),
    IndicatorRow(
        "2.07.04.2.01.0002",
        "Jumlah tenaga kerja yang ditempatkan melalui layanan AKAD dan AK",
        "orang",
        "BID-NAKER",
        "320",
        ("360", "400", "440", "480", "520"),
        ("80", "100", "120", "100"),
    ),
    IndicatorRow(
        "2.07.04.2.03.0003",
        "Jumlah pencari kerja yang mengikuti bursa kerja",
        "orang",
        "BID-NAKER",
        "450",
        ("500", "600", "650", "700", "750"),
        ("50", "250", "50", "250"),
    ),
    IndicatorRow(
        "2.07.04.2.04.0001",
        "Jumlah CPMI/PMI yang ditingkatkan pelindungan dan kompetensinya",
        "orang",
        "BID-NAKER",
        "20",
        ("25", "30", "30", "35", "40"),
    ),
    IndicatorRow(
        "2.07.05.2.01.0001",
        "Jumlah perusahaan yang disahkan peraturan perusahaannya",
        "perusahaan",
        "BID-NAKER",
        "10",
        ("11", "12", "14", "15", "16"),
        ("3", "3", "3", "3"),
    ),
    IndicatorRow(
        "2.07.05.2.02.0001",
        "Jumlah kasus perselisihan hubungan industrial",
        "kasus",
        "BID-NAKER",
        "14",
        ("12", "10", "9", "8", "7"),
        ("3", "3", "2", "2"),
        polarity=NEG,
    ),
    IndicatorRow(
        "2.07.05.2.02.0004",
        "Jumlah laporan pelaksanaan operasional LKS Tripartit",
        "laporan",
        "BID-NAKER",
        "4",
        ("4", "4", "4", "4", "4"),
        ("1", "1", "1", "1"),
    ),
]

# --- Budgets --------------------------------------------------------------------------------

#: Quarterly cash plan profiles (anggaran kas, share of pagu per quarter).
CASH_PROFILES: dict[str, tuple[str, str, str, str]] = {
    "flat": ("0.25", "0.25", "0.25", "0.25"),  # gaji, routine services
    "report": ("0.20", "0.30", "0.25", "0.25"),  # planning and reporting cycle
    "program": ("0.10", "0.35", "0.35", "0.20"),  # activities after the first quarter
    "event": ("0.10", "0.50", "0.10", "0.30"),  # job fairs in TW II and TW IV
}

#: Sub kegiatan code → (pagu 2025, pagu 2026, cash profile of 2026), Rp.
BUDGETS: dict[str, tuple[str, str, str]] = {
    "2.17.01.2.01.0001": ("40000000", "45000000", "report"),
    "2.17.01.2.01.0006": ("22500000", "25000000", "report"),
    "2.17.01.2.01.0007": ("20000000", "25000000", "report"),
    "2.17.01.2.02.0001": ("2710000000", "2850000000", "flat"),
    "2.17.01.2.06.0009": ("165000000", "180000000", "flat"),
    "2.17.01.2.08.0002": ("198000000", "210000000", "flat"),
    "2.17.03.2.01.0003": ("15000000", "18000000", "program"),
    "2.17.03.2.01.0004": ("21500000", "24000000", "program"),
    "2.17.04.2.01.0001": ("15000000", "15000000", "program"),
    "2.17.05.2.01.0001": ("38000000", "45000000", "program"),
    "2.17.06.2.01.0009": ("45000000", "60000000", "program"),
    "2.17.07.2.01.0003": ("60000000", "75000000", "program"),
    "2.17.07.2.01.0015": ("380000000", "420000000", "program"),
    "2.17.08.2.01.0002": ("225000000", "240000000", "program"),
    "2.07.02.2.01.0002": ("25000000", "30000000", "program"),
    "2.07.03.2.01.0001": ("520000000", "580000000", "program"),
    "2.07.03.2.02.0001": ("17500000", "20000000", "program"),
    "2.07.04.2.01.0002": ("60000000", "65000000", "flat"),
    "2.07.04.2.03.0003": ("110000000", "125000000", "event"),
    "2.07.04.2.04.0001": ("30000000", "35000000", "program"),
    "2.07.05.2.01.0001": ("18000000", "20000000", "flat"),
    "2.07.05.2.02.0001": ("27500000", "30000000", "flat"),
    "2.07.05.2.02.0004": ("40000000", "45000000", "flat"),
}


def level_of(code: str) -> Level:
    """The level of a node from its code: T… tujuan, S… sasaran, else Kepmendagri depth."""
    if code.startswith("T"):
        return Level.TUJUAN
    if code.startswith("S"):
        return Level.SASARAN
    return {3: Level.PROGRAM, 5: Level.KEGIATAN, 6: Level.SUB_KEGIATAN}[len(code.split("."))]


def cash_plan(pagu: Decimal, profile: str) -> list[Decimal]:
    """Split `pagu` into four quarterly amounts, rounded to Rp 1.000; TW IV takes the rest."""
    cash = [(pagu * Decimal(share)).quantize(Decimal(1000)) for share in CASH_PROFILES[profile]]
    cash[-1] = pagu - sum(cash[:-1], Decimal(0))
    return cash


def _indicator_codes() -> list[str]:
    """Codes "IK.<node code>.<nn>", numbered per node in the order of `INDICATORS`."""
    seen: dict[str, int] = {}
    codes = []
    for row in INDICATORS:
        seen[row.node] = seen.get(row.node, 0) + 1
        codes.append(f"IK.{row.node}.{seen[row.node]:02d}")
    return codes


def load(agency: Agency) -> RenstraPeriod:
    """Create the demo Renstra 2025–2029 of `agency` (a fresh demo agency with the units of
    `demo.organization`): the tree, indicators, targets and budgets."""
    period = RenstraPeriod.objects.create(
        agency=agency,
        name=PERIOD_NAME,
        start_year=START_YEAR,
        end_year=END_YEAR,
        nomenclature_version=NOMENCLATURE_VERSION,
    )
    units = {unit.code: unit for unit in Unit.objects.filter(agency=agency)}

    # The tree, one level at a time so that parents have their keys.
    nodes: dict[str, PlanNode] = {}
    for level in Level:
        batch = [
            PlanNode(
                period=period,
                level=level,
                code=row.code,
                name=row.name,
                parent=nodes[row.parent] if row.parent else None,
                responsible_unit=units[row.unit] if row.unit else None,
                order=order,
            )
            for order, row in enumerate(NODES, start=1)
            if level_of(row.code) == level
        ]
        for node in PlanNode.objects.bulk_create(batch):
            nodes[node.code] = node

    indicators = Indicator.objects.bulk_create(
        Indicator(
            period=period,
            node=nodes[row.node],
            code=code,
            name=row.name,
            unit_of_measure=row.satuan,
            polarity=row.polarity,
            aggregation=row.aggregation,
            negative_variant=row.variant,
            decimals=row.decimals,
            definition=row.definition,
            data_source=row.data_source,
            is_iku=row.iku,
            responsible_unit=units[row.unit],
            baseline=Decimal(row.baseline),
            end_target=Decimal(row.targets[-1]),
            order=order,
        )
        for order, (code, row) in enumerate(zip(_indicator_codes(), INDICATORS, strict=True), 1)
    )

    targets: list[Target] = []
    for indicator, row in zip(indicators, INDICATORS, strict=True):
        for year, value in zip(range(START_YEAR, END_YEAR + 1), row.targets, strict=True):
            targets.append(Target(indicator=indicator, year=year, value=Decimal(value)))
        for quarter, value in enumerate(row.quarters or (), start=1):
            targets.append(
                Target(indicator=indicator, year=RENJA_YEAR, quarter=quarter, value=Decimal(value))
            )
    Target.objects.bulk_create(targets)

    budgets: list[Budget] = []
    for code, (pagu_2025, pagu_2026, profile) in BUDGETS.items():
        budgets.append(Budget(node=nodes[code], year=START_YEAR, pagu=Decimal(pagu_2025)))
        pagu = Decimal(pagu_2026)
        q1, q2, q3, q4 = cash_plan(pagu, profile)
        budgets.append(
            Budget(
                node=nodes[code],
                year=RENJA_YEAR,
                pagu=pagu,
                cash_q1=q1,
                cash_q2=q2,
                cash_q3=q3,
                cash_q4=q4,
            )
        )
    Budget.objects.bulk_create(budgets)
    return period
