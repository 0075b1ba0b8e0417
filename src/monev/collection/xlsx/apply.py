"""Applying a checked format isian workbook: one audited draft save, refused when the
submission changed after the download."""

from __future__ import annotations

from django.utils.translation import gettext as _

from monev.accounts.models import User
from monev.collection import services
from monev.collection.models import Submission
from monev.collection.xlsx.parse import FormImport, stale_message

AUDIT_NOTE = "Dari berkas XLSX format isian"


class FormImportRefused(ValueError):
    """apply_form was given an import with errors."""


class StaleWorkbook(services.StaleVersion):
    """The submission was saved after the workbook was downloaded."""


def apply_form(form_import: FormImport, *, actor: User) -> Submission:
    """Save the workbook's changes as a draft of the form, all or nothing, audited.

    Raises FormImportRefused if the import has errors; StaleWorkbook if the submission was
    saved after the workbook was made; PermissionDenied or ValidationError (from the service)
    if `actor` may not change the form now. An unchanged workbook writes nothing.
    """
    if not form_import.ok or form_import.version is None:
        raise FormImportRefused(_("Berkas masih memiliki kesalahan; tidak ada yang disimpan."))
    submission = form_import.submission
    if form_import.is_unchanged:
        return submission
    try:
        return services.submission_save(
            actor=actor,
            submission=submission,
            version=form_import.version,
            indicators=form_import.indicators,
            budgets=form_import.budgets,
            narratives=form_import.narratives,
            note=AUDIT_NOTE,
        )
    except services.StaleVersion as stale:
        submission.refresh_from_db()
        message = stale_message(submission, form_import.version)
        raise StaleWorkbook(message, code="stale") from stale
