"""`{% main_navbar %}`: the navigation bar of every page (base.html), rendered once per reader
and page address and kept in the process.

What the bar shows depends only on the reader (name, user name, the menu entries of their
roles), the page's address (the active entry, the language switch's way back), the language
and the URL configuration; those make the key, as the template reads them from the context.
The two values that change between requests of one reader are put in afterwards: the CSRF
token (masked anew on each request) and the unread notification count (the key holds only
whether there are any, as the badge shows or not).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from django import template
from django.conf import settings
from django.template import Engine
from django.template.base import render_value_in_context
from django.urls import get_script_prefix, get_urlconf
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from monev.core import navigation

register = template.Library()

TEMPLATE = "includes/navbar.html"
#: Stand for the request's values in a kept bar (a NUL byte is in no rendered text).
_CSRF = "\x00csrf-navbar\x00"
_UNREAD = "\x00unread-navbar\x00"

_LOCK = threading.Lock()
_KEPT: OrderedDict[tuple[Any, ...], str] = OrderedDict()
#: Rendered bars kept per process (a few KB each): readers × the pages they visit.
SIZE = 512


def clear() -> None:
    """Forget every kept bar (tests)."""
    with _LOCK:
        _KEPT.clear()


def _template(context: template.Context) -> template.Template:
    engine = context.template.engine if context.template is not None else Engine.get_default()
    return engine.get_template(TEMPLATE)


@register.simple_tag(takes_context=True)
def main_navbar(context: template.Context) -> SafeString:
    request = context.get("request")
    user = context.get("user")
    token = str(context.get("csrf_token") or "")
    if request is None or user is None or token in ("", "NOTPROVIDED"):  # nothing to key by
        return mark_safe(_template(context).render(context))
    unread = context.get("unread_notifications")
    if callable(unread):  # the context processor's count, made on first use
        unread = unread()
    authenticated = user.is_authenticated
    nav_items = context.get("nav_items") or []
    key = (
        authenticated,
        user.get_username() if authenticated else "",
        user.full_name if authenticated else "",
        tuple((item["key"], item["url"]) for item in nav_items),  # labels: by the language
        bool(unread),
        request.path,
        request.get_full_path(),
        get_language(),
        get_script_prefix(),
        get_urlconf(),
        settings.ROOT_URLCONF,
        tuple(code for code, _name in settings.LANGUAGES),
        navigation.generation,
    )
    with _LOCK:
        html = _KEPT.get(key)
        if html is not None:
            _KEPT.move_to_end(key)
    if html is None:
        with context.push(csrf_token=_CSRF, unread_notifications=_UNREAD if unread else 0):
            html = _template(context).render(context)
        with _LOCK:
            _KEPT[key] = html
            while len(_KEPT) > SIZE:
                _KEPT.popitem(last=False)
    return mark_safe(
        html.replace(_CSRF, escape(token)).replace(
            _UNREAD, render_value_in_context(unread, context) if unread else ""
        )
    )
