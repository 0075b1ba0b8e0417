"""Signing in and out, the home page, and the Administrator's user pages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from monev.accounts import selectors, services, signin
from monev.accounts.choices import Role
from monev.accounts.forms import (
    LoginForm,
    StyledPasswordChangeForm,
    StyledSetPasswordForm,
    UserCreateForm,
    UserEditForm,
    UserFilterForm,
)
from monev.core import inbox, navigation, ratelimit
from monev.core.access import AuthedRequest, role_required
from monev.core.views_helpers import paginate, save_form
from monev.organization.selectors import agency_of

admin_only = role_required(Role.ADMINISTRATOR)


class LoginView(auth_views.LoginView):
    """Sign in with a password; failures are limited per address and (address, username)."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        wait = signin.wait_seconds(request, request.POST.get("username", "")[:150])
        if wait:
            return ratelimit.refusal(request, wait, "accounts/lockout.html")
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: Any) -> HttpResponse:
        if form.has_error(NON_FIELD_ERRORS, "invalid_login"):
            signin.failed(self.request, form.data.get("username", "")[:150])
        return super().form_invalid(form)

    def form_valid(self, form: Any) -> HttpResponse:
        signin.succeeded(self.request, form.get_user().get_username())
        return super().form_valid(form)


@login_required
def password_change(request: AuthedRequest) -> HttpResponse:
    form = StyledPasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.password_change_own(
            user=request.user, password=form.cleaned_data["new_password1"]
        )
        update_session_auth_hash(request, user)
        messages.success(request, _("Kata sandi Anda sudah diganti."))
        return redirect("home")
    return render(
        request,
        "core/form_page.html",
        {"form": form, "title": _("Ganti kata sandi")},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    """The personal start page: what waits for the user, and the places their roles open."""
    user = request.user
    shortcuts = [item for item in navigation.items_for(user.roles) if item["key"] != "home"]
    role_labels = [Role(role).label for role in sorted(user.roles)]
    items, panels = inbox.home_for(user)
    return render(
        request,
        "accounts/home.html",
        {
            "inbox_items": items,
            "panels": panels,
            "shortcuts": shortcuts,
            "role_labels": role_labels,
        },
    )


@admin_only
def user_list(request: AuthedRequest) -> HttpResponse:
    agency = agency_of(request.user)
    filters = UserFilterForm(request.GET or None, agency=agency)
    filters.is_valid()
    data = getattr(filters, "cleaned_data", {})
    unit = data.get("unit")
    users = selectors.user_search(
        request.user,
        q=data.get("q", ""),
        role=data.get("role", ""),
        unit=str(unit.pk) if unit else "",
    )
    return render(
        request,
        "accounts/user_list.html",
        {"page_obj": paginate(request, users), "filters": filters},
    )


@admin_only
def user_create(request: AuthedRequest) -> HttpResponse:
    agency = agency_of(request.user)
    form = UserCreateForm(request.POST or None, agency=agency)
    return save_form(
        request,
        form,
        lambda data: services.user_create(
            actor=request.user,
            agency=agency,
            username=data["username"],
            password=data["password1"],
            roles=data["roles"],
            official=data["official"],
            email=data["email"],
            is_active=data["is_active"],
        ),
        template="accounts/user_form.html",
        context={"title": _("Tambah pengguna")},
        success_url=reverse("accounts:user_list"),
        success_message=_("Pengguna ditambahkan."),
    )


@admin_only
def user_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    agency = agency_of(request.user)
    target = get_object_or_404(selectors.users_visible_to(request.user), pk=pk)
    initial = {
        "official": target.official_id,
        "email": target.email,
        "roles": sorted(target.roles),
        "is_active": target.is_active,
    }
    form = UserEditForm(request.POST or None, initial=initial, agency=agency)
    return save_form(
        request,
        form,
        lambda data: services.user_update(
            actor=request.user,
            user=target,
            roles=data["roles"],
            official=data["official"],
            email=data["email"],
            is_active=data["is_active"],
        ),
        template="accounts/user_form.html",
        context={
            "title": _("Ubah pengguna %(username)s") % {"username": target.username},
            "object": target,
            "two_factor": selectors.has_two_factor(target),
        },
        success_url=reverse("accounts:user_list"),
        success_message=_("Pengguna disimpan."),
    )


@admin_only
def user_set_password(request: AuthedRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(selectors.users_visible_to(request.user), pk=pk)
    form = StyledSetPasswordForm(target, request.POST or None)
    return save_form(
        request,
        form,
        lambda data: services.user_set_password(
            actor=request.user, user=target, password=data["new_password1"]
        ),
        template="accounts/user_form.html",
        context={"title": _("Atur ulang kata sandi %(username)s") % {"username": target.username}},
        success_url=reverse("accounts:user_list"),
        success_message=_("Kata sandi pengguna diatur ulang."),
    )
