"""Checklist templates of the blangko monev as data (SPEC §10): sections of items, each of kind
yes/no, text, number or choice, required or not.

A template is edited as plain text, one line per section or item, so the Kasubag Program can
write it without a form builder:

    # Kelengkapan dokumen
    ya_tidak* Dokumen DPA dan Rencana Aksi tersedia
    angka Jumlah bukti dukung yang diperiksa
    pilihan* Kondisi arsip: Baik; Cukup; Kurang
    teks Catatan

`*` after the kind marks a required item. Pure Python: no Django.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from monev.domain.numbers import NumberFormatError, parse_number

KINDS = {"ya_tidak": "yes_no", "teks": "text", "angka": "number", "pilihan": "choice"}
WORDS = {v: k for k, v in KINDS.items()}


class ChecklistError(ValueError):
    """A template text that cannot be read; `line` is 1-based."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"baris {line}: {message}")
        self.line = line


@dataclass(frozen=True)
class Item:
    key: str
    label: str
    kind: str  # yes_no | text | number | choice
    required: bool = False
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    title: str
    items: tuple[Item, ...] = field(default_factory=tuple)


def parse(text: str) -> list[Section]:
    """Return the sections of a template text; raise ChecklistError on the first bad line.

    Item keys are "<section>.<item>" (1-based), stable within a version (versions never change).
    """
    sections: list[tuple[str, list[Item]]] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            title = line.lstrip("#").strip()
            if not title:
                raise ChecklistError(number, "judul bagian kosong")
            sections.append((title, []))
            continue
        if not sections:
            raise ChecklistError(number, "butir sebelum judul bagian (# Judul)")
        word, _, rest = line.partition(" ")
        required = word.endswith("*")
        kind = KINDS.get(word.rstrip("*").lower())
        if kind is None:
            raise ChecklistError(number, "jenis butir harus ya_tidak, teks, angka, atau pilihan")
        label = rest.strip()
        choices: tuple[str, ...] = ()
        if kind == "choice":
            label, _, options = label.partition(":")
            choices = tuple(o.strip() for o in options.split(";") if o.strip())
            if len(choices) < 2:
                raise ChecklistError(number, "butir pilihan perlu minimal dua pilihan")
            label = label.strip()
        if not label:
            raise ChecklistError(number, "teks butir kosong")
        items = sections[-1][1]
        items.append(Item(f"{len(sections)}.{len(items) + 1}", label, kind, required, choices))
    if not sections or not any(items for _, items in sections):
        raise ChecklistError(1, "templat tidak memuat butir")
    return [Section(title, tuple(items)) for title, items in sections]


def to_text(sections: list[Section]) -> str:
    """Return the editable text of sections (parse(to_text(s)) == s)."""
    lines: list[str] = []
    for section in sections:
        if lines:
            lines.append("")
        lines.append(f"# {section.title}")
        for item in section.items:
            word = WORDS[item.kind] + ("*" if item.required else "")
            label = item.label + (": " + "; ".join(item.choices) if item.choices else "")
            lines.append(f"{word} {label}")
    return "\n".join(lines)


def to_data(sections: list[Section]) -> list[dict[str, Any]]:
    return [
        {
            "title": s.title,
            "items": [
                {
                    "key": i.key,
                    "label": i.label,
                    "kind": i.kind,
                    "required": i.required,
                    "choices": list(i.choices),
                }
                for i in s.items
            ],
        }
        for s in sections
    ]


def from_data(data: list[dict[str, Any]]) -> list[Section]:
    return [
        Section(
            s["title"],
            tuple(
                Item(i["key"], i["label"], i["kind"], i["required"], tuple(i["choices"]))
                for i in s["items"]
            ),
        )
        for s in data
    ]


def clean_answer(item: Item, raw: str) -> str:
    """Return the stored form of an answer ("" for none); raise ValueError when invalid."""
    value = raw.strip()
    if not value:
        return ""
    if item.kind == "yes_no":
        if value not in {"ya", "tidak"}:
            raise ValueError("jawab ya atau tidak")
    elif item.kind == "number":
        try:
            parse_number(value)
        except NumberFormatError as error:
            raise ValueError("isi dengan angka") from error
    elif item.kind == "choice" and value not in item.choices:
        raise ValueError("pilih salah satu pilihan")
    return value


def missing_required(sections: list[Section], answers: dict[str, str]) -> list[Item]:
    """Return the required items without an answer (a blangko cannot be submitted with them)."""
    return [i for s in sections for i in s.items if i.required and not answers.get(i.key)]


DEFAULT_TEXT = """# Kelengkapan dokumen dan data
ya_tidak* Dokumen Renstra, Renja/DPA dan Rencana Aksi Bidang tersedia
ya_tidak* Realisasi kinerja triwulan sesuai dengan format isian yang dilaporkan
ya_tidak* Realisasi anggaran sesuai dengan laporan fisik dan keuangan (RFK)
angka Jumlah bukti dukung yang diperiksa
pilihan* Kondisi arsip bukti dukung: Lengkap dan tertata; Lengkap, belum tertata; Belum lengkap

# Pelaksanaan kegiatan
ya_tidak* Kegiatan triwulan berjalan sesuai jadwal Rencana Aksi
teks* Faktor pendorong capaian
teks* Faktor penghambat capaian
teks Tindak lanjut yang direncanakan Bidang

# Tindak lanjut rekomendasi sebelumnya
pilihan Tindak lanjut rekomendasi triwulan lalu: Sudah semua; Sebagian; Belum; Tidak ada rekomendasi
teks Catatan verifikator
"""
