"""What the pages of monitoring share: who edits templates and the plan, a PDF answered
inline, the URL of a visit."""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import reverse

from monev.accounts.choices import Role

EDITORS = (Role.KASUBAG_PROGRAM, Role.ADMINISTRATOR)


def pdf_response(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def visit_url(pk: int) -> str:
    return reverse("monitoring:visit", args=[pk])
