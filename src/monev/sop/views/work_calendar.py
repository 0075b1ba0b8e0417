"""The working calendar: working days and hours, days off (administrator)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from monev.accounts.choices import Role
from monev.core.access import AuthedRequest, role_required
from monev.core.forms import apply_errors
from monev.core.params import year_param
from monev.organization.selectors import agency_of
from monev.sop import selectors, services
from monev.sop.forms import (
    CalendarForm,
    DayOffForm,
)
from monev.sop.models import WorkCalendarSetting

admin_only = role_required(Role.ADMINISTRATOR)


@admin_only
def calendar_edit(request: AuthedRequest) -> HttpResponse:
    agency = agency_of(request.user)
    setting = WorkCalendarSetting.objects.filter(agency=agency).first() or WorkCalendarSetting(
        agency=agency,
        workdays=selectors.DEFAULT_WORKDAYS,
        day_start=selectors.DEFAULT_DAY_START,
        day_end=selectors.DEFAULT_DAY_END,
    )
    year = year_param(request.GET, "tahun") or timezone.localdate().year
    form = CalendarForm(request.POST or None, instance=setting, prefix="cal")
    day_form = DayOffForm(prefix="day")
    if request.method == "POST" and "cal-day_start" in request.POST and form.is_valid():
        services.calendar_update(actor=request.user, agency=agency, **form.cleaned_data)
        messages.success(request, _("Kalender kerja disimpan."))
        return redirect(reverse("sop:calendar") + f"?tahun={year}")
    if request.method == "POST" and "day-date" in request.POST:
        day_form = DayOffForm(request.POST, prefix="day")
        if day_form.is_valid():
            try:
                services.day_off_add(actor=request.user, agency=agency, **day_form.cleaned_data)
            except ValidationError as error:
                apply_errors(day_form, error)
            else:
                messages.success(request, _("Hari libur ditambahkan."))
                return redirect(reverse("sop:calendar") + f"?tahun={year}")
    return render(
        request,
        "sop/calendar.html",
        {
            "form": form,
            "day_form": day_form,
            "year": year,
            "days": selectors.days_off_for_year(agency, year),
            "suggestions": selectors.cuti_bersama_suggestions(agency, year),
        },
        status=400 if request.method == "POST" else 200,
    )


@admin_only
@require_POST
def day_off_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    day = get_object_or_404(selectors.days_off_visible_to(request.user), pk=pk)
    year = day.date.year
    services.day_off_delete(actor=request.user, day=day)
    messages.success(request, _("Hari libur dihapus."))
    return redirect(reverse("sop:calendar") + f"?tahun={year}")
