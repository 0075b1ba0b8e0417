"""The report as a sequence of blocks (headings, narrative sections, tables, charts), built
from the snapshot and the section texts. Both renderers walk the same blocks, so the PDF and
the DOCX always carry the same chapters, tables and numbers.

By sub-area (issue #22): `blocks` (the block types and the document), `tables` (the
tables and signature blocks built from the snapshot), `assemble` (`build`: the whole report)."""

from __future__ import annotations

from monev.domain.numbers import format_percent, format_rupiah
from monev.reports.document.assemble import (
    build,
)
from monev.reports.document.blocks import (
    BOLD,
    Block,
    Chart,
    Document,
    Heading,
    Section,
    Signature,
    SignatureColumn,
    Signatures,
    Table,
    text_em,
)
from monev.reports.document.tables import (
    BLANGKO_HEADERS,
    CARRIED_HEADING,
    E81_FOOTER,
    SIGNATORY_PREFIX,
    blangko_row,
    choice_label,
    e81_footer,
    e81_table,
    file_size,
    findings_table,
    quarters_text,
    signature_of,
)

__all__ = [
    "BLANGKO_HEADERS",
    "BOLD",
    "CARRIED_HEADING",
    "E81_FOOTER",
    "SIGNATORY_PREFIX",
    "Block",
    "Chart",
    "Document",
    "Heading",
    "Section",
    "Signature",
    "SignatureColumn",
    "Signatures",
    "Table",
    "blangko_row",
    "build",
    "choice_label",
    "e81_footer",
    "e81_table",
    "file_size",
    "findings_table",
    "format_percent",
    "format_rupiah",
    "quarters_text",
    "signature_of",
    "text_em",
]
