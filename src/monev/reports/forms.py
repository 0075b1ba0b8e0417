"""Forms of the report page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from monev.core import files

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class DocxUploadForm(forms.Form):
    """An edited report DOCX (step 10). `clean_file` runs in the request, before the file is
    queued: what can be told without reading the document (a file chosen, its size, a zip
    container); what the document says is checked by the background job."""

    file = forms.FileField(
        label=_("DOCX hasil suntingan"),
        error_messages={"required": _("Pilih berkas DOCX hasil suntingan.")},
        widget=forms.ClearableFileInput(attrs={"accept": f".docx,{DOCX_TYPE}"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = settings.MONEV_DOCUMENT_MAX_MB
        if upload.size is not None and upload.size > limit * 2**20:
            raise forms.ValidationError(
                _("Berkas lebih dari %(n)s MB. Simpan ulang DOCX tanpa gambar tambahan, lalu "
                  "unggah lagi."), params={"n": limit},
            )  # fmt: skip
        upload.seek(0)
        head = upload.read(4)
        upload.seek(0)
        if head != b"PK\x03\x04":
            raise forms.ValidationError(
                _("Berkas ini bukan DOCX. Simpan dokumen sebagai «Word 2007–365 (.docx)», lalu "
                  "unggah lagi.")
            )  # fmt: skip
        files.read_docx_upload(upload)  # entries, inflated sizes and XML parts bounded
        upload.seek(0)
        return upload
