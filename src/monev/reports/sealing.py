"""How the final document is sealed when it is rendered (SOP step 12, docs/decisions/0015).

The final document (the version rendered with the nomor naskah, date and signatory) is the
record: the Kepala Dinas ratifies exactly its bytes and step 13 archives exactly them. So it
is rendered once, already sealed — PDF/A-3 with its data embedded, the verification code and
QR code on every page and the Lembar Arsip — and never again. Sealing belongs to the archive
app (its codes, its embedded files, its audit extract), which sits above the report app: it
registers its sealer here when it starts (as features register SOP step handlers), so the
report app renders the final document without importing upwards. Without a sealer (the
archive app not installed) the final document is a plain PDF."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from monev.reports.models import Report
    from monev.reports.sections import SectionText


@dataclass(frozen=True)
class Sealer:
    # (report, final details) → the seal's own details added to them: the verification
    # code and URL, the classification and the retention date. Raises ValidationError when
    # the document cannot be sealed (e.g. no public address configured).
    details: Callable[[Report, dict[str, Any]], dict[str, Any]]
    # (report, section texts, final details with the seal's, the version's date) → PDF bytes.
    render: Callable[[Report, list[SectionText], dict[str, Any], datetime], bytes]


_sealer: Sealer | None = None


def register(sealer: Sealer | None) -> None:
    global _sealer
    _sealer = sealer


def sealer() -> Sealer | None:
    return _sealer


def is_sealed(final: dict[str, Any] | None) -> bool:
    """Whether a version's final details carry a seal (its PDF is the sealed PDF/A-3)."""
    return bool((final or {}).get("code"))
