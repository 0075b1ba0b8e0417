"""Small helpers that keep the views thin and alike."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from monev.core.forms import apply_errors


def show_errors(request: HttpRequest, error: ValidationError, prefix: str = "") -> None:
    """Show each message of a refusal (a service's ValidationError) on the next page, after
    `prefix` (e.g. «Belum diajukan: »)."""
    for message in error.messages:
        messages.error(request, prefix + message)


def paginate(request: HttpRequest, queryset: QuerySet[Any] | list[Any], per_page: int = 25) -> Page:
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def save_form(
    request: HttpRequest,
    form: forms.BaseForm,
    save: Callable[[dict[str, Any]], Any],
    *,
    template: str,
    context: dict[str, Any],
    success_url: str,
    success_message: str,
) -> HttpResponse:
    """Validate `form` on POST and call `save(cleaned_data)`; keep the user's input on errors.

    A ValidationError from the service lands on the form next to the field it names.
    """
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, success_message)
            return redirect(success_url)
    status = 400 if request.method == "POST" else 200
    return render(request, template, {**context, "form": form}, status=status)


def confirm_delete(
    request: HttpRequest,
    *,
    obj: Any,
    delete: Callable[[], None],
    template: str,
    context: dict[str, Any],
    success_url: str,
    success_message: str,
    failure_url: str,
) -> HttpResponse:
    """Show a confirmation page; on POST delete, or explain in Indonesian why it cannot be."""
    if request.method == "POST":
        try:
            delete()
        except ValidationError as error:
            show_errors(request, error)
            return redirect(failure_url)
        messages.success(request, success_message)
        return redirect(success_url)
    return render(request, template, {**context, "object": obj})
