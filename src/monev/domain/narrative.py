"""The report's narrative written by rules (SOP step 8): Indonesian sentences from plain
numbers and names, as a Kasubag Program would write them. Pure functions, no Django.

Indonesian nouns do not inflect for number, but the sentence does change: "tidak ada
indikator …", "1 (satu) indikator …", "3 (tiga) indikator …" — counts are written with their
terbilang as formal texts do (DOMAIN §8.3) — and lists read "A", "A dan B", "A, B, dan C".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from monev.domain.numbers import EMPTY, format_number

_ONES = (
    "nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
    "sepuluh", "sebelas",
)  # fmt: skip


def terbilang(n: int) -> str:
    """Return the Indonesian words of a whole number: 3 → "tiga", 11 → "sebelas", 15 →
    "lima belas", 21 → "dua puluh satu", 100 → "seratus", 1000 → "seribu"."""
    if n < 0:
        return "minus " + terbilang(-n)
    if n < 12:
        return _ONES[n]
    if n < 20:
        return f"{_ONES[n - 10]} belas"
    if n < 100:
        tens, rest = divmod(n, 10)
        return f"{_ONES[tens]} puluh" + (f" {_ONES[rest]}" if rest else "")
    if n < 200:
        return "seratus" + (f" {terbilang(n - 100)}" if n > 100 else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return f"{_ONES[hundreds]} ratus" + (f" {terbilang(rest)}" if rest else "")
    if n < 2000:
        return "seribu" + (f" {terbilang(n - 1000)}" if n > 1000 else "")
    if n < 1_000_000:
        thousands, rest = divmod(n, 1000)
        return f"{terbilang(thousands)} ribu" + (f" {terbilang(rest)}" if rest else "")
    millions, rest = divmod(n, 1_000_000)
    return f"{terbilang(millions)} juta" + (f" {terbilang(rest)}" if rest else "")


def count(n: int, noun: str, *, none: str = "tidak ada") -> str:
    """Return "tidak ada indikator", "1 (satu) indikator", "3 (tiga) indikator"."""
    if n == 0:
        return f"{none} {noun}"
    return f"{n} ({terbilang(n)}) {noun}"


def join_list(items: Sequence[str], conjunction: str = "dan") -> str:
    """Return "", "A", "A dan B", "A, B, dan C"."""
    items = [i for i in items if i]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    if len(items) == 2:
        return f"{items[0]} {conjunction} {items[1]}"
    return f"{', '.join(items[:-1])}, {conjunction} {items[-1]}"


def percent(value: Decimal | None) -> str:
    """Return "91,25%"; "–" for no value."""
    return EMPTY if value is None else f"{format_number(value, 2)}%"


def points(value: Decimal) -> str:
    return f"{format_number(abs(value), 2)} poin persen"


@dataclass(frozen=True)
class Named:
    """A named item with its value (a Bidang and its mean achievement, an indicator …)."""

    name: str
    value: Decimal | None = None
    label: str = ""  # predikat or other qualifier
    extra: Decimal | None = None  # e.g. the projection of an indicator


def rating_counts(total: int, counts: Sequence[tuple[str, int]], missing: int = 0) -> str:
    """Return how many indicators fall in each predikat: `counts` is (label, n) best first;
    predikat without indicators are left out."""
    if total == 0:
        return "Pada triwulan ini tidak ada indikator kinerja yang dapat dinilai."
    parts = [f"{count(n, 'indikator')} berpredikat {label}" for label, n in counts if n]
    sentence = f"Dari {count(total, 'indikator')} yang dievaluasi, "
    if parts:
        sentence += join_list(parts) + "."
    else:
        sentence += "belum ada yang dapat diberi predikat."
    if missing:
        sentence += f" Sebanyak {count(missing, 'indikator')} belum memiliki nilai capaian."
    return sentence


def best_and_weakest(units: Sequence[Named]) -> str:
    """Return the sentence naming the best and the weakest Bidang by mean achievement."""
    rated = sorted((u for u in units if u.value is not None), key=lambda u: (-u.value, u.name))  # type: ignore[operator]
    if not rated:
        return "Belum ada Bidang yang memiliki nilai capaian pada triwulan ini."
    best = rated[0]
    if len(rated) == 1:
        return (
            f"Capaian rata-rata {best.name} sebesar {percent(best.value)} (predikat {best.label})."
        )
    weakest = rated[-1]
    if best.value == weakest.value:
        return (
            f"Seluruh {count(len(rated), 'Bidang')} mencapai rata-rata yang sama, yaitu "
            f"{percent(best.value)} (predikat {best.label})."
        )
    return (
        f"Capaian rata-rata tertinggi diraih {best.name} sebesar {percent(best.value)} "
        f"(predikat {best.label}), sedangkan yang terendah {weakest.name} sebesar "
        f"{percent(weakest.value)} (predikat {weakest.label})."
    )


def iku(indicators: Sequence[Named], *, threshold: Decimal = Decimal(91)) -> str:
    """Return the sentence on the Indikator Kinerja Utama: how many reached the top predikat
    threshold and which did not."""
    if not indicators:
        return "Tidak ada Indikator Kinerja Utama (IKU) yang dievaluasi pada triwulan ini."
    reached = [i for i in indicators if i.value is not None and i.value >= threshold]
    below = [i for i in indicators if i.value is not None and i.value < threshold]
    empty = [i for i in indicators if i.value is None]
    reaching = "tidak ada IKU yang" if not reached else count(len(reached), "IKU")
    text = (
        f"Dari {count(len(indicators), 'IKU')}, {reaching} mencapai capaian "
        f"{percent(threshold)} atau lebih"
    )
    if below:
        names = join_list([f"{i.name} ({percent(i.value)})" for i in below])
        text += f"; yang belum mencapainya: {names}"
    text += "."
    if empty:
        text += f" Sebanyak {count(len(empty), 'IKU')} belum memiliki nilai capaian."
    return text


def at_risk(indicators: Sequence[Named], *, units_total: int, units_at_risk: int) -> str:
    """Return the early-warning sentence: indicators whose end-of-year projection is below
    target, with the projection; names the case of no Bidang and of every Bidang at risk."""
    if not indicators:
        return (
            "Berdasarkan proyeksi akhir tahun, tidak ada indikator yang berisiko tidak mencapai "
            "target."
        )
    listed = join_list([f"{i.name} (proyeksi {percent(i.extra)})" for i in indicators])
    text = (
        f"Berdasarkan proyeksi akhir tahun, {count(len(indicators), 'indikator')} berisiko "
        f"tidak mencapai target: {listed}."
    )
    if units_total > 1 and units_at_risk == units_total:
        text += (
            " Risiko ini terdapat di setiap Bidang, sehingga percepatan perlu dilakukan "
            "secara menyeluruh."
        )
    elif units_at_risk:
        text += f" Risiko ini terdapat pada {count(units_at_risk, 'Bidang')}."
    return text


def absorption(achievement: Decimal | None, absorbed: Decimal | None) -> str:
    """Return the sentence comparing budget absorption with the mean achievement."""
    if absorbed is None:
        return "Data realisasi anggaran belum tersedia untuk triwulan ini."
    text = f"Serapan anggaran sampai dengan triwulan ini sebesar {percent(absorbed)}"
    if achievement is None:
        return text + "."
    text += f", sedangkan capaian kinerja rata-rata {percent(achievement)}"
    gap = achievement - absorbed
    if abs(gap) < Decimal(5):
        return text + "; serapan anggaran sejalan dengan capaian kinerja."
    if gap > 0:
        return text + f"; capaian kinerja {points(gap)} di atas serapan anggaran."
    return text + f"; serapan anggaran {points(gap)} di atas capaian kinerja."


def change(
    current: Decimal | None,
    previous_quarter: Decimal | None,
    previous_year: Decimal | None,
    *,
    quarter_name: str,
) -> str:
    """Return the sentences comparing the mean achievement with the previous quarter and with
    the same quarter last year."""
    if current is None:
        return "Capaian rata-rata triwulan ini belum dapat dihitung."
    parts = [f"Capaian rata-rata {quarter_name} sebesar {percent(current)}."]
    for before, what in (
        (previous_quarter, "triwulan sebelumnya"),
        (previous_year, "triwulan yang sama tahun lalu"),
    ):
        if before is None:
            continue
        delta = current - before
        if delta == 0:
            parts.append(f"Capaian ini sama dengan {what} ({percent(before)}).")
        else:
            way = "naik" if delta > 0 else "turun"
            parts.append(f"Dibandingkan {what} ({percent(before)}), capaian {way} {points(delta)}.")
    return " ".join(parts)


def findings(visits: int, found: int, recommendations: int, done: int, in_progress: int) -> str:
    """Return the sentence on monev visits, findings and the follow-up of recommendations."""
    if visits == 0:
        return "Pada triwulan ini belum ada kunjungan monev lapangan yang dicatat."
    text = f"Monev lapangan dilakukan pada {count(visits, 'Bidang')}"
    if found == 0:
        return text + " dan tidak menghasilkan temuan."
    text += f" dengan {count(found, 'temuan')} dan {count(recommendations, 'rekomendasi')}."
    if recommendations:
        waiting = recommendations - done - in_progress
        parts = [
            f"{count(done, 'rekomendasi')} telah ditindaklanjuti" if done else "",
            f"{count(in_progress, 'rekomendasi')} dalam proses" if in_progress else "",
            f"{count(waiting, 'rekomendasi')} belum ditindaklanjuti" if waiting else "",
        ]
        text += f" Dari rekomendasi tersebut, {join_list(parts)}."
    return text


def timeliness(done: int, on_time: int, late_steps: Sequence[str]) -> str:
    """Return the sentence on the SOP timeline: how many steps finished within their standard
    time and which were late."""
    if done == 0:
        return "Belum ada langkah SOP yang selesai pada siklus ini."
    if on_time == done == 1:
        return f"{count(1, 'langkah')} SOP telah selesai dan tepat waktu."
    if on_time == done:
        return f"Seluruh {count(done, 'langkah')} SOP yang telah selesai tepat waktu."
    punctual = count(on_time, "langkah") if on_time else "tidak ada langkah yang"
    text = f"Dari {count(done, 'langkah')} SOP yang telah selesai, {punctual} tepat waktu"
    if late_steps:
        text += f"; yang melewati waktu baku: {join_list(list(late_steps))}"
    return text + "."
