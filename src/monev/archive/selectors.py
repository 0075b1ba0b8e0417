"""Reads of the archive, and who may do what with it (decided here, once).

Read (list, detail, download, integrity check): every user of the entry's agency, like the
report. Archive a ratified report (SOP step 13, "Menyimpan dokumen"): the Kasubag Program.
The public verification page reads `entry_by_code` / `entry_by_sha256` and shows only the
title, nomor and who ratified it when."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from monev.accounts.choices import Role
from monev.accounts.models import User
from monev.archive.models import ArchiveEntry
from monev.core.access import has_role, scope_of
from monev.core.files import ServedFile
from monev.domain import archive_codes
from monev.reports import kinds
from monev.reports.choices import ReportStatus
from monev.reports.models import Report, ReportVersion
from monev.reports.snapshot import Snapshot


@dataclass(frozen=True)
class Ratification:
    """The ratified version of a report and the facts of its ratification (step 12)."""

    version: ReportVersion
    number: str
    number_date: date | None
    ratified_by_name: str
    ratified_at: datetime | None
    signatory_nip: str


def ratified(report: Report) -> Ratification | None:
    """Return the report's ratification, or None when the report is not ratified (or is
    archived already: then its entry exists). The ratifier named is the signatory of the
    ratified document — a Plt. or Plh. with their own name and NIP — not the snapshot's
    Kepala Dinas."""
    if report.status != ReportStatus.DISAHKAN or report.final_version_id is None:
        return None
    version = report.final_version
    assert version is not None
    signatory = (version.final or {}).get("signatory") or {}
    head = Snapshot.from_json(report.snapshot).head
    return Ratification(
        version=version,
        number=report.number,
        number_date=report.number_date,
        ratified_by_name=signatory_label(signatory) or head.name,
        ratified_at=report.ratified_at or version.created_at,
        signatory_nip=str(signatory.get("nip") or head.nip),
    )


def signatory_label(signatory: dict[str, Any]) -> str:
    """ "NAME (Plt. Kepala Dinas …)": who signs, with the position as printed."""
    from monev.reports.document import SIGNATORY_PREFIX

    name = str(signatory.get("name") or "")
    if not name:
        return ""
    position = SIGNATORY_PREFIX.get(str(signatory.get("mode", "")), "") + str(
        signatory.get("jabatan") or ""
    )
    return (f"{name} ({position})" if position else name)[:200]


def may_archive(user: User) -> bool:
    return has_role(user, Role.KASUBAG_PROGRAM)


def visible_to(user: User) -> QuerySet[ArchiveEntry]:
    """The archive entries of the user's agency; another agency's do not exist for the user."""
    return scope_of(user).filter(ArchiveEntry.objects).select_related("archived_by")


def search(
    user: User,
    *,
    year: int | None = None,
    quarter: int | None = None,
    yearly: bool = False,
    text: str = "",
) -> QuerySet[ArchiveEntry]:
    """Return the user's archive entries matching the year, quarter (or, `yearly`, only the
    documents of a year: the LKjIP, whose entry has no quarter) and a text found in the
    title, nomor, code or the document's text."""
    entries = visible_to(user)
    if year:
        entries = entries.filter(year=year)
    if yearly:
        entries = entries.filter(quarter__isnull=True)
    elif quarter:
        entries = entries.filter(quarter=quarter)
    text = "".join(ch for ch in text if ch.isprintable()).strip()  # no NUL into the query
    if text:
        match = (
            Q(title__icontains=text)
            | Q(number__icontains=text)
            | Q(code__icontains=text)
            | Q(search_text__icontains=text)
        )
        code = archive_codes.normalize(text)
        if code:
            match |= Q(code=code)
        entries = entries.filter(match)
    return entries.defer("search_text")


def entry_for(user: User, code: str) -> ArchiveEntry:
    """An entry the user may see: 404 outside the user's agency."""
    return get_object_or_404(visible_to(user).select_related("report__cycle", "version"), code=code)


def entry_of_cycle(cycle: Any) -> ArchiveEntry | None:
    return ArchiveEntry.objects.filter(report__cycle=cycle).first()


def entry_by_code(text: str) -> ArchiveEntry | None:
    """The entry with the typed short code (read forgivingly), or None."""
    code = archive_codes.normalize(text)
    return ArchiveEntry.objects.filter(code=code).first() if code else None


def awaiting_archive_by_code(text: str) -> ReportVersion | None:
    """The final version that carries the typed code but is not archived yet (its QR and
    code are printed when the final is sealed, before step 13 stores it), or None."""
    code = archive_codes.normalize(text)
    if not code:
        return None
    return (
        ReportVersion.objects.filter(final__code=code)
        .select_related("report__cycle__definition")
        .order_by("-number")
        .first()
    )


def entry_by_file(upload: IO[bytes]) -> ArchiveEntry | None:
    """The entry whose stored bytes are exactly the uploaded file, or None."""
    digest = hashlib.sha256()
    for chunk in iter(lambda: upload.read(1 << 16), b""):
        digest.update(chunk)
    return ArchiveEntry.objects.filter(sha256=digest.hexdigest()).first()


def years_of(user: User) -> list[int]:
    return list(visible_to(user).order_by("-year").values_list("year", flat=True).distinct())


def entry_file(entry: ArchiveEntry) -> ServedFile:
    """What serving the entry's stored PDF/A needs (`core.files.download`)."""
    return ServedFile(
        name=entry.file.name,
        sha256=entry.sha256,
        content_type="application/pdf",
        filename=(
            f"arsip-{kinds.for_report(entry.report).stem(entry.year, entry.quarter)}"
            f"-{entry.code}.pdf"
        ),
    )
