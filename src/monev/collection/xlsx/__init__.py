"""A Bidang's format isian as an XLSX workbook: download, fill offline, upload (issue #5).

The layout and the checks are described in docs/form-workbook.md. The flow is

    export_form(submission) → bytes → parse_form(submission, file) → FormImport (errors, changes)
                                    → apply_form(form_import, actor=…)

`parse_form` never writes and checks everything at once; a workbook with any error is
refused whole. `apply_form` saves through `services.submission_save`, so the save is audited,
allowed only to the form's editors, and refused when the submission changed after the
download: the hidden "Meta" sheet carries the version the workbook was made from.

One module per step: `export` (writing), `parse` (reading and comparing), `apply` (saving);
the layout of the sheets and the reading of cells is `schema`. Callers use
`from monev.collection import xlsx` and `xlsx.<name>`: the names below are the interface.
"""

from monev.collection.xlsx.apply import (
    AUDIT_NOTE,
    FormImportRefused,
    StaleWorkbook,
    apply_form,
)
from monev.collection.xlsx.export import export_form, filename, plan_fingerprint
from monev.collection.xlsx.parse import Change, FormImport, parse_form, stale_message

__all__ = [
    "AUDIT_NOTE",
    "Change",
    "FormImport",
    "FormImportRefused",
    "StaleWorkbook",
    "apply_form",
    "export_form",
    "filename",
    "parse_form",
    "plan_fingerprint",
    "stale_message",
]
