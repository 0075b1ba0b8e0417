"""Checks of a typed realisation beyond "is it a number" (issue #23), for the format isian:

- an indicator counted in whole numbers (decimals 0: orang, unit, dokumen) refuses a value
  with decimals instead of rounding it silently ("1.234,5" orang is a typo, not 1.235);
- a value far from its target or from the previous quarter is not refused but must be
  confirmed ("Ya, nilai ini benar"): ten times the target, or ten times more or less than
  the quarter before, is far more often a slipped decimal mark than a real result.

Parsing the typed text stays in `monev.domain.numbers`; these rules judge the parsed value."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from monev.core import formats

#: How many times the target (or the previous quarter) makes a value "far" from it.
FAR = Decimal(10)


def places_refused(value: Decimal, indicator: Any) -> str:
    """The Indonesian message refusing `value` when it has more decimal places than the
    indicator records; "" when it fits."""
    decimals = int(indicator.decimals or 0)
    if value == value.quantize(Decimal(1).scaleb(-decimals)):
        return ""
    unit = indicator.unit_of_measure or _("satuan")
    if decimals == 0:
        return _(
            "«%(value)s» memakai desimal, padahal indikator ini dihitung dalam bilangan bulat "
            "(%(unit)s). Tulis tanpa koma, misalnya %(low)s atau %(high)s."
        ) % {
            "value": formats.number(value),
            "unit": unit,
            "low": formats.number(value.to_integral_value(rounding="ROUND_FLOOR"), 0),
            "high": formats.number(value.to_integral_value(rounding="ROUND_CEILING"), 0),
        }
    return _("«%(value)s» memakai lebih dari %(n)s angka di belakang koma (%(unit)s).") % {
        "value": formats.number(value),
        "n": decimals,
        "unit": unit,
    }


def _last_previous(line: Any) -> Decimal | None:
    for value in reversed(list(line.previous or [])):
        if value is not None:
            return Decimal(value)
    return None


def warning(value: Decimal, line: Any) -> str:
    """The Indonesian warning when `value` is far from the line's target or from the previous
    quarter's realisation; "" when it is plausible. `line` is a `selectors.IndicatorLine`."""
    stored = line.realization.value if line.realization is not None else None
    if stored is not None and Decimal(stored) == value:
        return ""  # saved before (and confirmed then): not asked again
    decimals = int(line.indicator.decimals or 0)
    target = line.quarter_target if line.quarter_target else line.annual_target
    if target is not None and Decimal(target) > 0 and value > FAR * Decimal(target):
        return _(
            "%(value)s lebih dari sepuluh kali target (%(target)s). Periksa tanda titik dan "
            "koma; bila nilainya memang benar, centang «Ya, nilai ini benar»."
        ) % {"value": formats.number(value), "target": formats.number(target, decimals)}
    previous = _last_previous(line)
    if (
        previous is not None
        and previous > 0
        and value > 0
        and (value > FAR * previous or value * FAR < previous)
    ):
        return _(
            "%(value)s sangat jauh dari realisasi triwulan sebelumnya (%(previous)s). "
            "Periksa tanda titik dan koma; bila nilainya memang benar, centang «Ya, nilai "
            "ini benar»."
        ) % {"value": formats.number(value), "previous": formats.number(previous, decimals)}
    return ""
