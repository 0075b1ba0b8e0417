from typing import Any

from django.http import HttpRequest

from monev.core import navigation


def navigation_context(request: HttpRequest) -> dict[str, Any]:
    """Return the menu entries the signed-in user's roles allow."""
    user = request.user
    roles = user.roles if user.is_authenticated else frozenset()
    return {"nav_items": navigation.items_for(roles) if roles else []}
