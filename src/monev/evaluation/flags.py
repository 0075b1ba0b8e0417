"""Labels of the data-quality flags (RULES §8, §12) in the user's language: the kind, the
flag as raised (with its figures and, for a budget flag, its sub kegiatan) and what to check."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from monev.core import formats

LABELS = {
    "missing_value": _("Nilai tidak diisi"),
    "no_evidence": _("Nilai tanpa bukti dukung"),
    "achievement_above_150": _(
        "Capaian jauh di atas target (target terlalu rendah atau salah input)"
    ),
    "last_value_jump": _("Nilai berubah tajam terhadap triwulan sebelumnya"),
    "negative_count": _("Nilai negatif untuk indikator jumlah"),
    "cumulative_gap": _("Ada triwulan sebelumnya yang kosong (indikator kumulatif)"),
    "budget_above_pagu": _("Realisasi anggaran melebihi pagu"),
    "above_cash_plan": _("Realisasi anggaran di atas anggaran kas"),
    "behind_cash_plan": _("Realisasi anggaran tertinggal dari anggaran kas"),
    "physical_financial_gap": _("Selisih capaian fisik dan serapan anggaran"),
    "possibly_cumulative": _("Nilai triwulan mungkin diisi sebagai total s/d triwulan"),
    "target_nol": _("Target nol: capaian tidak dapat dihitung"),
    "realisasi_nol": _("Realisasi nol: capaian (rumus B) tidak dapat dihitung"),
}  # fmt: skip

#: What the Kasubag Program checks for each kind of flag.
CHECKS = {
    "missing_value": _("Minta Bidang mengisi nilai triwulan ini atau jelaskan mengapa kosong."),
    "no_evidence": _("Minta bukti dukung dari Bidang."),
    "achievement_above_150": _("Periksa target dan nilai yang diisi; mungkin salah satuan."),
    "last_value_jump": _("Periksa nilai triwulan ini dan sebelumnya; mungkin salah ketik."),
    "negative_count": _("Jumlah tidak mungkin negatif: perbaiki nilainya."),
    "cumulative_gap": _("Isi nilai triwulan yang kosong atau jelaskan."),
    "budget_above_pagu": _("Periksa realisasi keuangan dan pagu DPA (pergeseran/perubahan?)."),
    "above_cash_plan": _("Periksa realisasi keuangan terhadap anggaran kas (RAK)."),
    "behind_cash_plan": _("Tanyakan hambatan penyerapan anggaran kepada Bidang."),
    "physical_financial_gap": _(
        "Bandingkan capaian fisik dengan realisasi keuangan; salah satu mungkin salah isi."
    ),
    "possibly_cumulative": _(
        "Indikator kumulatif diisi per triwulan: periksa apakah yang diisi total s/d triwulan."
    ),
    "target_nol": _("Periksa target triwulan di rencana."),
    "realisasi_nol": _("Periksa nilai yang diisi atau rumus indikator."),
}  # fmt: skip


def describe(code: str, params: dict[str, Any] | None = None) -> str:
    """The flag as raised, with its figures: "Realisasi anggaran melebihi pagu (Rp 55.000.000
    > Rp 50.000.000) — 2.17.02.1.01 Sub kegiatan …"."""
    p = params or {}
    label = str(LABELS.get(code, code))
    detail = ""
    if code == "budget_above_pagu":
        detail = f"{formats.rupiah(p.get('spent'))} > {formats.rupiah(p.get('pagu'))}"
    elif code == "above_cash_plan":
        detail = _g("%(spent)s; anggaran kas %(planned)s, toleransi %(limit)s") % {
            "spent": formats.rupiah(p.get("spent")),
            "planned": formats.rupiah(p.get("planned")),
            "limit": formats.percent(p.get("limit")),
        }
    elif code == "behind_cash_plan":
        detail = _g("deviasi %(deviation)s > %(limit)s") % {
            "deviation": formats.percent(p.get("deviation")),
            "limit": formats.percent(p.get("limit")),
        }
    elif code == "physical_financial_gap":
        detail = _g("capaian %(achievement)s, serapan %(absorption)s: selisih %(gap)s poin") % {
            "achievement": formats.percent(p.get("achievement")),
            "absorption": formats.percent(p.get("absorption")),
            "gap": formats.number(p.get("gap"), 2),
        }
    elif code == "achievement_above_150":
        return _g(
            "Capaian di atas %(limit)s (target terlalu rendah atau salah input): %(value)s"
        ) % {
            "limit": _short_percent(p.get("limit", 150)),
            "value": formats.percent(p.get("achievement")),
        }
    elif code == "last_value_jump":
        return _g("Nilai berubah lebih dari %(limit)s terhadap triwulan sebelumnya") % {
            "limit": _short_percent(p.get("limit", 50))
        }
    text = f"{label} ({detail})" if detail else label
    if p.get("node"):
        text += f" — {p['node']}"
    return text


def _short_percent(value: Any) -> str:
    """A threshold as people write it: 150 → "150 %", 12,5 → "12,5 %"."""
    return f"{formats.number(value)} %"


def check_of(code: str) -> str:
    return str(CHECKS.get(code, ""))
