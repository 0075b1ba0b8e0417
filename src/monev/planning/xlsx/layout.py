"""The layout of the plan workbook (docs/plan-workbook.md): its sheets and columns, the
"Petunjuk" rules, and the error a reader records. The exporter writes from `SHEETS`, the
importer checks headers against it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from monev.core import numbers
from monev.planning.choices import Aggregation, Level, NegativeVariant, Polarity

#: Sheet of each plan level, top to bottom.
NODE_SHEETS: dict[str, str] = {
    Level.TUJUAN: "Tujuan",
    Level.SASARAN: "Sasaran",
    Level.PROGRAM: "Program",
    Level.KEGIATAN: "Kegiatan",
    Level.SUB_KEGIATAN: "SubKegiatan",
}
INDICATOR_SHEET = "Indikator"
TARGET_SHEET = "Target"
BUDGET_SHEET = "Anggaran"
GUIDE_SHEET = "Petunjuk"
META_SHEET = "Meta"
FORMAT_VERSION = "monev-rencana/1"

YES, NO = "ya", "tidak"
#: Columns read from a data sheet (the widest has 15); columns past it are ignored.
MAX_COLUMNS = 40
#: What the database keeps: measures (targets, baseline) and money (Rp) — core.numbers.
MEASURE, MONEY = numbers.MEASURE, numbers.MONEY


@dataclass(frozen=True)
class Column:
    """One column of a data sheet: its header, width, number format and explanation."""

    name: str
    width: int
    help: str
    required: bool = False
    number_format: str = "General"
    choices: tuple[str, ...] = ()


# fmt: off
CODE, WHOLE, RUPIAH = "@", "0", "#,##0"  # number formats: text, whole number, Rupiah
_POLARITY, _AGGREGATION = tuple(Polarity.values), tuple(Aggregation.values)
_VARIANT, _FLAG, _QUARTER = tuple(NegativeVariant.values), (YES, NO), ("1", "2", "3", "4")
_ORDER_HELP = "Urutan tampil, bilangan bulat (kosong = 0)."

_NODE = (
    Column("kode", 22, "Kode unik dalam periode (di bawah sasaran: kode Kepmendagri).", True, CODE),
    Column("nama", 60, "Nama unsur rencana.", True),
    Column("kode_induk", 22, "Kode unsur tingkat di atasnya; Tujuan: kosong.", False, CODE),
    Column("kode_unit", 14, "Kode unit penanggung jawab; boleh kosong.", False, CODE),
    Column("urutan", 8, _ORDER_HELP, False, WHOLE),
)
_INDICATOR = (
    Column("kode", 26, "Kode unik indikator dalam periode.", True, CODE),
    Column("kode_unsur", 22, "Kode unsur rencana (sheet mana pun) pemilik indikator.", True, CODE),
    Column("nama", 60, "Nama indikator.", True),
    Column("satuan", 12, "Satuan (%, orang, koperasi, dokumen …).", True),
    Column("polaritas", 11, "positive: makin tinggi makin baik; negative: sebaliknya.", False,
           choices=_POLARITY),
    Column("agregasi", 11, "cumulative: jumlah triwulan; last: nilai triwulan terakhir; "
           "average: rata-rata triwulan.", choices=_AGGREGATION),
    Column("varian_negatif", 8, "Rumus indikator negatif: A = (2T − R) / T × 100; B = T / R × 100.",
           choices=_VARIANT),
    Column("desimal", 8, "Jumlah angka desimal yang ditampilkan, 0–4 (kosong = 0).", False, WHOLE),
    Column("iku", 6, "ya = Indikator Kinerja Utama; tidak atau kosong = bukan.", choices=_FLAG),
    Column("kode_unit", 14, "Kode unit penanggung jawab indikator.", True, CODE),
    Column("kondisi_awal", 13, "Kondisi awal (baseline); angka, boleh kosong."),
    Column("target_akhir", 13, "Target akhir periode Renstra; angka, boleh kosong."),
    Column("definisi", 50, "Definisi operasional / rumus."),
    Column("sumber_data", 30, "Sumber data."),
    Column("urutan", 8, _ORDER_HELP, False, WHOLE),
)
_TARGET = (
    Column("kode_indikator", 26, "Kode indikator di sheet Indikator.", True, CODE),
    Column("tahun", 8, "Tahun, di dalam periode Renstra.", True, WHOLE),
    Column("triwulan", 9, "Kosong = target tahunan; 1–4 = triwulan.", False, WHOLE, _QUARTER),
    Column("nilai", 14, "Nilai target, angka ≥ 0.", True),
)
_BUDGET = (
    Column("kode_sub_kegiatan", 22, "Kode di sheet SubKegiatan.", True, CODE),
    Column("tahun", 8, "Tahun, di dalam periode Renstra.", True, WHOLE),
    Column("pagu", 18, "Pagu (Rp), angka ≥ 0.", True, RUPIAH),
    *(Column(f"kas_tw{q}", 16, f"Anggaran kas TW {q} (Rp), ≥ 0; boleh kosong.", False, RUPIAH)
      for q in (1, 2, 3, 4)),
)

# fmt: on

#: Every data sheet and its columns, in workbook order.
SHEETS: dict[str, tuple[Column, ...]] = {
    **{sheet: _NODE for sheet in NODE_SHEETS.values()},
    INDICATOR_SHEET: _INDICATOR,
    TARGET_SHEET: _TARGET,
    BUDGET_SHEET: _BUDGET,
}

#: General rules printed at the top of the "Petunjuk" sheet.
GUIDE_RULES = (
    "Berkas ini adalah SELURUH rencana periode: saat diunggah, unsur, indikator, target, dan "
    "anggaran yang tidak ada di berkas akan DIHAPUS, yang baru ditambahkan, yang berubah diubah.",
    "Kode adalah kunci: baris dengan kode yang sama dengan data yang ada memperbarui data itu "
    "(riwayat realisasi indikator tetap tersimpan). Mengganti kode berarti hapus + tambah.",
    "Jangan mengganti nama sheet atau judul kolom (baris 1). Urutan kolom boleh diubah; kolom "
    "tambahan diabaikan. Baris kosong diabaikan.",
    "Angka diketik sebagai angka. Teks angka juga diterima: 1.234,5 atau 1234.5 atau Rp 1.500.000.",
    "Sebelum disimpan, aplikasi menampilkan pratinjau perubahan; jika ada kesalahan tidak ada "
    "yang disimpan dan setiap kesalahan disebut dengan sheet, baris, dan kolomnya.",
    "Berkas hasil ekspor hanya dapat diunggah ke periode yang sama (lihat baris 1 sheet ini).",
    "Target dan anggaran berisi rencana yang berlaku sekarang (tahap terakhir). Perubahannya "
    "untuk tahun yang sudah berjalan (ada triwulan yang dikunci) dicatat sebagai tahap baru "
    "(pergeseran/perubahan) mulai triwulan yang belum dikunci; triwulan yang dikunci tidak "
    "berubah dan baris tahun itu tidak dapat dihapus.",
)

#: What each sheet holds, for the "Petunjuk" sheet.
SHEET_HELP: dict[str, str] = {
    "Tujuan": "Tujuan Renstra (tingkat teratas; kode_induk kosong).",
    "Sasaran": "Sasaran; kode_induk = kode Tujuan.",
    "Program": "Program (mis. 2.17.03); kode_induk = kode Sasaran.",
    "Kegiatan": "Kegiatan (mis. 2.17.03.2.01); kode_induk = kode Program.",
    "SubKegiatan": "Sub kegiatan (mis. 2.17.03.2.01.0004); kode_induk = kode Kegiatan.",
    INDICATOR_SHEET: "Indikator kinerja pada unsur mana pun; IKU biasanya pada Sasaran/Tujuan.",
    TARGET_SHEET: "Target per indikator per tahun: tahunan (triwulan kosong) dan per triwulan.",
    BUDGET_SHEET: "Pagu dan anggaran kas per sub kegiatan per tahun.",
}


# --- Errors -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportError_:  # the trailing underscore keeps the builtin ImportError usable
    """One problem of an uploaded workbook. `row` is the Excel row number, `column` the header
    name; both are None for a problem of the whole sheet or file. `message` is the complete
    Indonesian sentence shown to the user (it names the sheet, row and column itself)."""

    sheet: str | None
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        return self.message


def make_error(sheet: str | None, row: int | None, column: str | None, detail: str) -> ImportError_:
    """Return the error with its location spelt out: "Sheet «Target», baris 7, kolom «nilai»: …"."""
    place = {"sheet": sheet, "row": row, "column": column, "detail": detail}
    if sheet is None:
        text = detail
    elif row is None and column is None:
        text = _("Sheet «%(sheet)s»: %(detail)s") % place
    elif row is None:
        text = _("Sheet «%(sheet)s», kolom «%(column)s»: %(detail)s") % place
    elif column is None:
        text = _("Sheet «%(sheet)s», baris %(row)s: %(detail)s") % place
    else:
        text = _("Sheet «%(sheet)s», baris %(row)s, kolom «%(column)s»: %(detail)s") % place
    return ImportError_(sheet, row, column, text)
