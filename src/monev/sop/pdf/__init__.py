"""Print an SOP in the Indonesian SOP-AP layout (Permendagri 52/2011, PermenPANRB 35/2012).

Page 1 is the identity sheet (Bagian Identitas): letterhead, Nomor SOP, dates, Disahkan Oleh with
the signature block, Nama SOP, and the six boxes Dasar Hukum … Pencatatan dan Pendataan. The
following pages are the flowchart table (Bagian Flowchart): No, Uraian Prosedur, one swimlane
column per Pelaksana, Mutu Baku (Kelengkapan, Waktu, Output) and Keterangan, with the symbols
drawn in the lanes: terminator, process, decision, arrows and off-page connectors — the five
symbols the regulation allows, nothing else.

The flowchart is drawn on the canvas, not with a platypus Table, because the symbols and arrows
must sit at exact row positions: rows are measured first (wrapped Paragraphs), paginated, then
each page is one flowable that draws grid, text, arrows and symbols. Everything comes from the
SopDocument, so an edited SOP (more steps, other actors, other times) prints the same way.

By sub-area (issue #22): `styles` (page and paragraph styles), `identity` (page 1), `layout`
(columns, rows, pages and arrow geometry), `flowchart` (the drawn pages), `render` (the bytes).
"""

from __future__ import annotations

from monev.sop.pdf.render import render_sop_pdf

__all__ = ["render_sop_pdf"]
