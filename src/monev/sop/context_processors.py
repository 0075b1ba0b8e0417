from typing import Any

from django.http import HttpRequest

from monev.sop.selectors import unread_count


def notifications(request: HttpRequest) -> dict[str, Any]:
    """Return the unread notification count for the bell in the navigation bar."""
    return {"unread_notifications": unread_count(request.user)}
