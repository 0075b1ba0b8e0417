"""Step 10: an edited DOCX read back into a new version."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from monev.accounts.models import User
from monev.reports import docx_read
from monev.reports.choices import (
    VersionSource,
)
from monev.reports.models import (
    Report,
    ReportVersion,
)
from monev.reports.services.drafting import (
    Progress,
    _may_write,
    _require_editable,
    latest_version,
    section_save,
    version_render,
)
from monev.reports.services.final import document_identifier
from monev.reports.services.review import report_parties_agency

UNREADABLE = gettext_lazy(
    "Berkas ini bukan DOCX yang dapat dibaca. Buka berkasnya di Word atau LibreOffice Writer, "
    "simpan sebagai «Word 2007–365 (.docx)», lalu unggah lagi."
)


def version_upload(
    *,
    actor: User | None,
    report: Report,
    data: bytes,
    filename: str = "",
    now: datetime | None = None,
    progress: Progress | None = None,
) -> ReportVersion:
    """Step 10: a new version from an edited DOCX (saved by Word or LibreOffice Writer). The
    sections are found again by their anchors (`docx_read`) and replace the section texts
    they changed; text edited outside the sections and table cells changed are reported on
    the version (a cell naming its table, row and column) and not taken. A DOCX of another
    report, or of an older version than the latest, is refused with a message."""
    if not _may_write(actor) or not report_parties_agency(actor, report):
        raise PermissionDenied
    _require_editable(report)
    if len(data) > settings.MONEV_DOCUMENT_MAX_MB * 2**20:
        raise ValidationError(_("Berkas terlalu besar."))
    if progress:
        progress(10, _("Memeriksa DOCX"))
    try:
        identifier = docx_read.read(data).origin  # which report and version, before the rest
    except docx_read.UnreadableDocx as error:
        raise ValidationError(str(UNREADABLE)) from error
    latest = latest_version(report)
    assert latest is not None
    expected = document_identifier(report)
    base_id, number = identifier
    if base_id != expected:
        raise ValidationError(
            _("DOCX ini bukan dari laporan ini (%(found)s). Unduh DOCX versi terbaru laporan ini, "
              "sunting, lalu unggah kembali.") % {"found": base_id or _("tanpa penanda")}
        )  # fmt: skip
    if number != latest.number:
        raise ValidationError(
            _("DOCX ini dari versi %(old)s, sedangkan versi terbaru adalah versi %(new)s. "
              "Unduh DOCX versi %(new)s dan sunting ulang agar perubahan sesudahnya tidak hilang.")
            % {"old": number or "?", "new": latest.number}
        )  # fmt: skip
    if progress:
        progress(15, _("Membaca bagian laporan"))
    with latest.docx.open("rb") as f:
        original = docx_read.read(f.read())
    back = docx_read.read(data, base=original.layout())
    if not back.sections:
        raise ValidationError(
            _("Bagian-bagian laporan tidak ditemukan dalam DOCX ini: judul bab dan penanda "
              "bagiannya terhapus. Unduh DOCX versi %(n)s, ubah hanya teks di bawah judul bab "
              "dan subbab, simpan sebagai .docx, lalu unggah lagi.") % {"n": latest.number}
        )  # fmt: skip
    before_texts = {s["key"]: docx_read.normalise(s["text"]) for s in latest.sections}
    changed = {
        key: text
        for key, text in back.sections.items()
        if key in before_texts and text != before_texts[key]
    }
    missing = [key for key in before_texts if key not in back.sections]
    outside: list[dict[str, Any]] = docx_read.outside_changes(original.outside, back.outside)
    for change in docx_read.table_changes(original.tables, back.tables):
        outside.append({**change, "where": _table_place(change)})
    if missing:
        titles = {s["key"]: s["title"] for s in latest.sections}
        outside.insert(0, {"before": ", ".join(str(titles.get(k, k)) for k in missing),
                           "after": _("(bagian dihapus)")})  # fmt: skip
    if not changed and not outside:
        raise ValidationError(
            _("DOCX ini sama dengan versi %(n)s: tidak ada perubahan. Sunting teks laporan, "
              "simpan, lalu unggah lagi.") % {"n": latest.number}
        )  # fmt: skip
    previous = {s.key: s.text for s in report.sections.filter(key__in=list(changed))}
    with transaction.atomic():
        for key, text in changed.items():
            section_save(actor=actor, report=report, key=key, text=text, now=now)
    try:
        return version_render(
            actor=actor, report=report, now=now, source=VersionSource.UPLOADED, based_on=latest,
            outside_edits=outside, upload=(filename, data), progress=progress,
        )  # fmt: skip
    except Exception:
        # No version made: the narrative goes back to what it was (audited both ways), so a
        # failed upload changes nothing; the user still has the file to upload again.
        with transaction.atomic():
            for key in changed:
                section_save(actor=actor, report=report, key=key, text=previous.get(key, ""))
        raise


def _table_place(change: dict[str, Any]) -> str:
    """Where a table edit is, for a reader: "Tabel 3.4, baris 1 (Bidang Koperasi), kolom 3
    «Pagu (Rp)»"."""
    place = str(change["table"])
    if change.get("row") is None:
        return place
    place += ", " + _("baris %(n)s") % {"n": change["row"]}
    if change.get("row_label"):
        place += f" ({change['row_label']})"
    if change.get("column") is None:
        return place
    place += ", " + _("kolom %(n)s") % {"n": change["column"]}
    if change.get("column_label"):
        place += f" «{change['column_label']}»"
    return place
