"""The Perjanjian Kinerja as plain values (STYLE: documents): the builder fills it from the
database, the renderers turn it into PDF and DOCX without the ORM, and each version keeps it
as JSON (`to_json`/`from_json`), so that a version can always be rendered again exactly."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Letterhead:
    """The agency's kop (DOMAIN §8.1) without its logo (read from the agency when rendering)."""

    government: str
    agency: str
    lines: list[str]
    address: str
    city: str
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class Party:
    """One party of the agreement as its signature block prints it (DOMAIN §8.2): the name,
    the jabatan, the pangkat/golongan and the NIP (empty for the Bupati, a KDH)."""

    name: str
    position: str
    pangkat: str = ""
    nip: str = ""


@dataclass(frozen=True)
class Row:
    """One indicator of the agreement: its sasaran, the annual target of the stage in force
    and its quarterly targets (the rencana aksi); values as Decimal strings or None."""

    sasaran: str
    code: str
    indicator: str
    unit_of_measure: str
    decimals: int
    target: str | None
    quarters: list[str | None]


@dataclass(frozen=True)
class ProgramRow:
    """One program with its pagu in force: the sum of its own and its kegiatan and sub
    kegiatan's pagu (for a Bidang, only those it is responsible for)."""

    code: str
    name: str
    pagu: str


@dataclass(frozen=True)
class PkSnapshot:
    year: int
    agency_name: str
    unit_name: str  # "" for the Kepala Dinas' PK
    letterhead: Letterhead
    first: Party
    second: Party
    stage_label: str  # "Murni", "Perubahan (mulai Triwulan III)"
    stage_number: int  # 0: murni
    version: int
    dated: str  # ISO date printed under the place
    rows: list[Row] = field(default_factory=list)
    programs: list[ProgramRow] = field(default_factory=list)

    @property
    def is_head(self) -> bool:
        return not self.unit_name

    @property
    def total_pagu(self) -> Decimal:
        return sum((Decimal(p.pagu) for p in self.programs), Decimal(0))

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PkSnapshot:
        values = dict(data)
        values["letterhead"] = Letterhead(**values["letterhead"])
        values["first"] = Party(**values["first"])
        values["second"] = Party(**values["second"])
        values["rows"] = [Row(**r) for r in values.get("rows", [])]
        values["programs"] = [ProgramRow(**p) for p in values.get("programs", [])]
        return cls(**values)
