"""Ratings (predikat) on the rounded achievement, Permendagri 86/2017 (RULES §4)."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from monev.domain.numbers import EMPTY


class Rating(StrEnum):
    SANGAT_TINGGI = "sangat_tinggi"
    TINGGI = "tinggi"
    SEDANG = "sedang"
    RENDAH = "rendah"
    SANGAT_RENDAH = "sangat_rendah"


#: Lower bound of each band, best first (x >= bound).
BANDS: tuple[tuple[Decimal, Rating], ...] = (
    (Decimal(91), Rating.SANGAT_TINGGI),
    (Decimal(76), Rating.TINGGI),
    (Decimal(66), Rating.SEDANG),
    (Decimal(51), Rating.RENDAH),
)

#: The label sets in use (a setting; the bands stay the same).
LABELS: dict[str, dict[Rating, str]] = {
    "permendagri": {
        Rating.SANGAT_TINGGI: "Sangat Tinggi", Rating.TINGGI: "Tinggi", Rating.SEDANG: "Sedang",
        Rating.RENDAH: "Rendah", Rating.SANGAT_RENDAH: "Sangat Rendah",
    },
    "baik": {
        Rating.SANGAT_TINGGI: "Sangat Baik", Rating.TINGGI: "Baik", Rating.SEDANG: "Cukup",
        Rating.RENDAH: "Kurang", Rating.SANGAT_RENDAH: "Sangat Kurang",
    },
}  # fmt: skip


def rate(
    achievement: Decimal | None, bands: tuple[tuple[Decimal, Rating], ...] = BANDS
) -> Rating | None:
    """Return the rating of a (rounded) achievement; None for no achievement. `bands` are
    the agency's thresholds (a setting, `monev.domain.rule_settings`), best first."""
    if achievement is None:
        return None
    for bound, rating in bands:
        if achievement >= bound:
            return rating
    return Rating.SANGAT_RENDAH


def label(rating: Rating | None, labels: str = "permendagri") -> str:
    return EMPTY if rating is None else LABELS[labels][rating]
