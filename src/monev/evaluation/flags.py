"""Labels of the data-quality flags (RULES §8) in the user's language."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "missing_value": _("Nilai tidak diisi"),
    "no_evidence": _("Nilai tanpa bukti dukung"),
    "achievement_above_150": _("Capaian di atas 150 % (target terlalu rendah atau salah input)"),
    "last_value_jump": _("Nilai berubah lebih dari 50 % terhadap triwulan sebelumnya"),
    "negative_count": _("Nilai negatif untuk indikator jumlah"),
    "cumulative_gap": _("Ada triwulan sebelumnya yang kosong (indikator kumulatif)"),
    "budget_above_pagu": _("Realisasi anggaran melebihi pagu"),
    "target_nol": _("Target nol: capaian tidak dapat dihitung"),
    "realisasi_nol": _("Realisasi nol: capaian (rumus B) tidak dapat dihitung"),
}
