"""What the pages of monitoring share: who edits templates and the plan, refusals shown as
messages, a PDF answered inline, the URL of a visit."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.urls import reverse

from monev.accounts.choices import Role
from monev.core.access import AuthedRequest

EDITORS = (Role.KASUBAG_PROGRAM, Role.ADMINISTRATOR)


def show_errors(request: AuthedRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def pdf_response(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def visit_url(pk: int) -> str:
    return reverse("monitoring:visit", args=[pk])
