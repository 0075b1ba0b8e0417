"""The agency settings of the rules marked *(setting)* in RULES.md (§4, §5, §12), as one
frozen value with the defaults RULES gives. The organization app stores them per agency; the
rules read them from here, and a report's snapshot keeps the ones it was made with."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal
from itertools import pairwise
from typing import Any

from monev.domain.ratings import LABELS, Rating

#: The rating label sets (RULES §4): Permendagri 86/2017 E.81 predikat, or the LKjIP scale.
LABEL_SETS = tuple(LABELS)


@dataclass(frozen=True)
class RuleSettings:
    """Every *(setting)* of RULES §4, §5 and §12; the defaults are RULES' defaults."""

    #: §5: each achievement is capped at `group_cap` before a group's mean (None: no cap).
    group_cap: Decimal | None = Decimal(100)
    #: §4: the label set of the predikat ("permendagri" or "baik", the LKjIP scale).
    rating_labels: str = "permendagri"
    #: §4: lower bound of Sangat Tinggi, Tinggi, Sedang and Rendah (x ≥ bound).
    band_sangat_tinggi: Decimal = Decimal(91)
    band_tinggi: Decimal = Decimal(76)
    band_sedang: Decimal = Decimal(66)
    band_rendah: Decimal = Decimal(51)
    #: §12 "above cash plan": realisation s/d TW q > planned s/d TW q × (1 + a %).
    above_cash_plan: bool = True
    above_cash_plan_pct: Decimal = Decimal(10)
    #: §12 "behind cash plan": deviasi (§6) > b %.
    behind_cash_plan: bool = True
    behind_cash_plan_pct: Decimal = Decimal(25)
    #: §12 "physical–financial gap": |sub kegiatan achievement − serapan| > g points.
    physical_financial_gap: bool = True
    physical_financial_gap_points: Decimal = Decimal(30)
    #: §12 "far above target" (§8's "> 150 %"): achievement > h %.
    far_above_target: bool = True
    far_above_target_pct: Decimal = Decimal(150)
    #: §12 "jump in a level" (§8): a `last` value changes by more than j % from q−1's.
    level_jump: bool = True
    level_jump_pct: Decimal = Decimal(50)
    #: §12 "possibly entered cumulatively".
    possibly_cumulative: bool = True

    @property
    def bands(self) -> tuple[tuple[Decimal, Rating], ...]:
        """The rating bands, best first, for `monev.domain.ratings.rate`."""
        return (
            (self.band_sangat_tinggi, Rating.SANGAT_TINGGI),
            (self.band_tinggi, Rating.TINGGI),
            (self.band_sedang, Rating.SEDANG),
            (self.band_rendah, Rating.RENDAH),
        )

    def to_data(self) -> dict[str, Any]:
        """Plain JSON-native values (Decimals as strings), for a snapshot or the API."""
        return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in asdict(self).items()}

    @classmethod
    def from_data(cls, data: dict[str, Any] | None) -> RuleSettings:
        """Read `to_data`'s output back; missing keys (an older snapshot) take the defaults."""
        if not data:
            return cls()
        defaults = asdict(cls())
        values: dict[str, Any] = {}
        for key, default in defaults.items():
            if key not in data:
                continue
            value = data[key]
            if key == "group_cap":
                values[key] = None if value in (None, "") else Decimal(str(value))
            elif isinstance(default, Decimal):
                values[key] = Decimal(str(value))
            else:
                values[key] = value
        return cls(**values)


DEFAULTS = RuleSettings()


def bands_are_ordered(settings: RuleSettings) -> bool:
    """The band bounds must fall strictly from Sangat Tinggi to Rendah (and be ≥ 0)."""
    bounds = [b for b, _r in settings.bands]
    return all(a > b for a, b in pairwise(bounds)) and bounds[-1] >= 0
