"""`monev check_data`: find stored values the application cannot read back (issue 21, item 1).

SQLite keeps whatever it is given: a number beyond its column's digits (10^14 in an 18-digit,
4-place measure) is stored, and every later read of its row fails — the forms, the dashboard,
E.81 and the API answer 500 until the row is fixed. This command reads every number, date and
JSON column raw (without the field's converters) and names each value that does not fit,
by model, row id and field, so it can be corrected. PostgreSQL refuses such values on write;
the check runs there too and finds nothing. Exit status 1 when something is found.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models
from django.utils import dateparse

from monev.domain.numbers import Digits, fit


def _decimal_problem(raw: Any, field: models.DecimalField) -> str | None:
    digits = Digits(field.max_digits or 0, field.decimal_places or 0)
    try:
        value = raw if isinstance(raw, Decimal) else Decimal(str(raw))
    except (InvalidOperation, ValueError):
        return "bukan angka"
    if fit(value, digits) is None:
        return f"lebih dari {digits.whole_digits} angka sebelum koma"
    return None


def _date_problem(raw: Any, field: models.Field) -> str | None:
    if isinstance(raw, datetime.date):
        return None
    parse = (
        dateparse.parse_datetime
        if isinstance(field, models.DateTimeField)
        else dateparse.parse_date
    )
    try:
        return None if parse(str(raw)) is not None else "bukan tanggal"
    except ValueError:
        return "tanggal tidak sah"


def _json_problem(raw: Any, field: models.Field) -> str | None:
    if not isinstance(raw, str):
        return None
    try:
        json.loads(raw)
    except ValueError:
        return "bukan JSON"
    return None


def _checker(field: models.Field) -> Any:
    if isinstance(field, models.DecimalField):
        return _decimal_problem
    if isinstance(field, models.DateField):  # DateTimeField included
        return _date_problem
    if isinstance(field, models.JSONField):
        return _json_problem
    return None


def unreadable_values() -> Iterator[tuple[str, Any, str, Any, str]]:
    """Yield (model label, row id, field name, raw value, why) for every stored value of a
    number, date or JSON column that its field cannot read back."""
    quote = connection.ops.quote_name
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        fields = [f for f in meta.concrete_fields if _checker(f) is not None]
        if not fields:
            continue
        # As text: the driver's own converters (SQLite's "date", "decimal") would fail on
        # the very values looked for, in the middle of the fetch.
        columns = ", ".join(f"CAST({quote(f.column)} AS TEXT)" for f in fields)
        pk = quote(meta.pk.column)
        sql = f"SELECT {pk}, {columns} FROM {quote(meta.db_table)} ORDER BY {pk}"
        with connection.cursor() as cursor:
            cursor.execute(sql)
            while rows := cursor.fetchmany(2000):
                for row in rows:
                    for field, raw in zip(fields, row[1:], strict=True):
                        if raw is None:
                            continue
                        why = _checker(field)(raw, field)
                        if why:
                            yield meta.label, row[0], field.name, raw, why


class Command(BaseCommand):
    help = "Name every stored value the application cannot read back (model, row, field)."

    def handle(self, *args: Any, **options: Any) -> None:
        found = list(unreadable_values())
        for label, pk, name, raw, why in found:
            self.stderr.write(f"{label} id={pk} {name}: {str(raw)[:60]!r} — {why}")
        if found:
            raise CommandError(
                f"{len(found)} stored value(s) cannot be read; correct them before use."
            )
        self.stdout.write(self.style.SUCCESS("Every number, date and JSON value can be read."))
