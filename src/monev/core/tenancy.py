"""Which agency a row belongs to: each model declares its path to its agency once, here.

A model says how to reach its agency with `@belongs_to_agency(...)` on its class, naming one
hop (docs/decisions/0018-agency-path-declared-once.md, docs/agency-paths.md):

- `"agency"`: its own foreign key to `organization.Agency` (or a plain `agency_id` column);
- `"cycle"`, `"indicator"`, …: a foreign key to a model that declares its own path — the full
  path (`indicator__period__agency_id`) is the chain of the declarations;
- several hops: alternatives, the first one set wins (a correction is of a realisation or
  of a budget realisation);
- `ITSELF`: the row is the agency (`Agency`).

Everything that asks "whose row is this" reads the declaration: the scope filter of every
selector (`Scope.filter`), the data token's invalidation (`monev.core.freshness`) and the
audit log's agency (`monev.core.audit`). A model that belongs to no agency says so with
`@belongs_to_no_agency`; `undeclared_models()` lists the ones that say neither (a test keeps
it empty).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, Q

M = TypeVar("M", bound=type[Model])

#: The hop of the agency itself.
ITSELF = "pk"
#: The model at the end of every path (named, not imported: core sits below organization).
AGENCY = "organization.Agency"

#: model label → its hops to the agency (alternatives, in order).
_HOPS: dict[str, tuple[str, ...]] = {}
#: Labels of models whose agency may change (a user moved to another agency): never memoised.
_MOVABLE: set[str] = set()
#: Labels of models that belong to no agency (counters, the audit chain's head).
_NONE: set[str] = set()
#: model label → the ORM lookups of its agency id (computed once from the declarations).
_LOOKUPS: dict[str, tuple[str, ...]] = {}
#: (model label, pk) → agency id, for rows whose agency never changes (plan rows, cycles).
_AGENCY_OF: dict[tuple[str, Any], int | None] = {}
_MEMO_LIMIT = 200_000


def belongs_to_agency(*hops: str, movable: bool = False) -> Callable[[M], M]:
    """Declare the model's path to its agency (see the module's docstring)."""
    if not hops:
        raise ImproperlyConfigured("belongs_to_agency needs at least one hop")

    def declare(model: M) -> M:
        label = model._meta.label
        _HOPS[label] = tuple(hops)
        if movable:
            _MOVABLE.add(label)
        _LOOKUPS.pop(label, None)
        return model

    return declare


def belongs_to_no_agency(model: M) -> M:
    """Declare that the model's rows belong to no agency (never scope-filtered)."""
    _NONE.add(model._meta.label)
    return model


def is_declared(model: type[Model]) -> bool:
    return model._meta.concrete_model._meta.label in _HOPS  # type: ignore[union-attr]


def undeclared_models(models: Iterable[type[Model]]) -> list[str]:
    """Return the labels of `models` that declare neither a path nor no agency."""
    return sorted(
        m._meta.label for m in models if m._meta.label not in _HOPS and m._meta.label not in _NONE
    )


def _hops(model: type[Model]) -> tuple[str, ...]:
    label = model._meta.concrete_model._meta.label  # type: ignore[union-attr]
    try:
        return _HOPS[label]
    except KeyError:
        raise ImproperlyConfigured(
            f"{label} declares no path to its agency: add @belongs_to_agency(...) to the model "
            "(monev.core.tenancy, docs/agency-paths.md)"
        ) from None


def agency_lookups(model: type[Model]) -> tuple[str, ...]:
    """Return the ORM lookups from `model` to its agency's id, one per alternative
    (`("indicator__period__agency_id",)`); ImproperlyConfigured for an undeclared model or a
    hop that is not a field."""
    label = model._meta.concrete_model._meta.label  # type: ignore[union-attr]
    found = _LOOKUPS.get(label)
    if found is not None:
        return found
    lookups: list[str] = []
    for hop in _hops(model):
        if hop == ITSELF:
            lookups.append("pk")
            continue
        field = model._meta.get_field(hop)
        related = field.related_model if field.is_relation else None
        if related is None or related._meta.label == AGENCY:  # type: ignore[union-attr]
            lookups.append(field.attname)  # type: ignore[union-attr]
            continue
        for rest in agency_lookups(related):  # type: ignore[arg-type]
            lookups.append(f"{hop}_id" if rest == "pk" else f"{hop}__{rest}")
    _LOOKUPS[label] = tuple(lookups)
    return _LOOKUPS[label]


def agency_q(model: type[Model], agency_id: int) -> Q:
    """Return the filter of `model`'s rows of the agency `agency_id`."""
    found = Q()
    for lookup in agency_lookups(model):
        found |= Q(**{lookup: agency_id})
    return found


def agency_id_of(obj: Model) -> int | None:
    """Return the id of the agency `obj` belongs to, or None (an optional hop not set).

    Reads the declared hops: the row's own agency column costs nothing, a related row already
    loaded on `obj` costs nothing, else one query per related row, remembered for rows whose
    agency never changes (every declared model but the `movable` ones)."""
    for hop in _hops(obj._meta.model):  # not type(obj): request.user is a lazy proxy
        if hop == ITSELF:
            return int(obj.pk) if obj.pk is not None else None
        field = obj._meta.get_field(hop)
        value = getattr(obj, field.attname)  # type: ignore[union-attr]
        if value is None:
            continue
        related = field.related_model if field.is_relation else None
        if related is None or related._meta.label == AGENCY:  # type: ignore[union-attr]
            return int(value)
        loaded = obj._state.fields_cache.get(hop)
        if loaded is not None:
            return agency_id_of(loaded)
        return _agency_of_row(related, value)  # type: ignore[arg-type]
    return None


def _agency_of_row(model: type[Model], pk: Any) -> int | None:
    label = model._meta.label
    key = (label, pk)
    if key in _AGENCY_OF:
        return _AGENCY_OF[key]
    lookups = agency_lookups(model)
    row = model._base_manager.filter(pk=pk).values_list(*lookups).first()
    found = next((int(v) for v in row if v is not None), None) if row else None
    if label not in _MOVABLE:
        if len(_AGENCY_OF) > _MEMO_LIMIT:
            _AGENCY_OF.clear()
        _AGENCY_OF[key] = found
    return found


def forget_agencies() -> None:
    """Forget which agency each row belongs to: for a database emptied and filled again with
    reused primary keys (test flushes, a restore), where a remembered agency would be wrong."""
    _AGENCY_OF.clear()
