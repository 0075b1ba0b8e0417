"""The pure domain's enums and the models' choices name the same values (STYLE: defined
once, or a test that they agree): a value added on one side only fails here."""

from __future__ import annotations

from enum import Enum

import pytest
from django.db import models

from monev.domain import achievement, workcalendar
from monev.planning.models import Indicator
from monev.sop.models import SopStep

PAIRS = [
    (achievement.Polarity, Indicator, "polarity"),
    (achievement.Aggregation, Indicator, "aggregation"),
    (achievement.NegativeVariant, Indicator, "negative_variant"),
    (workcalendar.TimeUnit, SopStep, "time_unit"),
]


@pytest.mark.parametrize(
    ("domain_enum", "model", "field_name"), PAIRS, ids=lambda x: getattr(x, "__name__", x)
)
def test_the_domain_enum_and_the_model_field_name_the_same_values(
    domain_enum: type[Enum], model: type[models.Model], field_name: str
) -> None:
    field = model._meta.get_field(field_name)
    model_values = {value for value, _label in field.choices or []}  # type: ignore[union-attr]
    assert model_values == {member.value for member in domain_enum}
