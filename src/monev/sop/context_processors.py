from typing import Any

from django.http import HttpRequest

from monev.sop.selectors import unread_count


def notifications(request: HttpRequest) -> dict[str, Any]:
    """Return the unread notification count for the bell in the navigation bar, counted when
    a template first asks for it (a page's frame; not a fragment without the bar)."""
    count: list[int] = []

    def unread() -> int:
        if not count:
            count.append(unread_count(request.user))
        return count[0]

    return {"unread_notifications": unread}
