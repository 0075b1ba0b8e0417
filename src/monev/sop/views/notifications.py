"""Compliance with the SOP's standard times, and the user's notifications."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from monev.core.access import AuthedRequest
from monev.organization.selectors import agency_of
from monev.sop import notifications as notifications_service
from monev.sop import selectors
from monev.sop.models import Notification


@login_required
def compliance(request: AuthedRequest) -> HttpResponse:
    """Per SOP in force (the monev SOP first), how its finished cycles met each step's time."""
    agency = agency_of(request.user)
    calendar = selectors.work_calendar(agency)
    sections = [
        {
            "definition": definition,
            "rows": [
                {
                    "row": row,
                    "median": (
                        selectors.minutes_label(calendar, int(row.median_minutes))
                        if row.median_minutes is not None
                        else None
                    ),
                }
                for row in selectors.compliance(agency, definition)
            ],
        }
        for definition in selectors.current_definitions(agency)
    ]
    return render(request, "sop/compliance.html", {"sections": sections})


@login_required
def notification_list(request: AuthedRequest) -> HttpResponse:
    notifications = Notification.objects.filter(user=request.user)[:100]
    return render(request, "sop/notification_list.html", {"notifications": notifications})


@login_required
def notification_open(request: AuthedRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(Notification.objects.filter(user=request.user), pk=pk)
    notifications_service.notification_mark_read(user=request.user, notification=notification)
    return redirect(notification.url or "sop:notification_list")


@login_required
@require_POST
def notification_read_all(request: AuthedRequest) -> HttpResponse:
    notifications_service.notifications_mark_all_read(user=request.user)
    return redirect("sop:notification_list")
