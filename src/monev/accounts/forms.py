"""Forms for signing in and for the Administrator's user pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from monev.accounts.choices import AGENCY_ROLE_CHOICES, Role
from monev.core.forms import StyledFormMixin
from monev.organization.models import Agency, Official, Unit


class LoginForm(StyledFormMixin, AuthenticationForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Kata sandi")
        self.error_messages["invalid_login"] = _(
            "Nama pengguna atau kata sandi salah. Perhatikan huruf besar dan kecil; setelah "
            "%(limit)d kali salah, percobaan dari komputer ini ditahan sementara."
        ) % {"limit": settings.LOGIN_FAILURE_LIMIT}


class StyledPasswordChangeForm(StyledFormMixin, PasswordChangeForm):
    pass


class StyledSetPasswordForm(StyledFormMixin, SetPasswordForm):
    pass


class _UserFieldsMixin(forms.Form):
    official = forms.ModelChoiceField(
        label=_("Pejabat/pegawai"), queryset=Official.objects.none(), required=False
    )
    email = forms.EmailField(label=_("Surel"), required=False)
    roles = forms.MultipleChoiceField(
        label=_("Peran"), choices=AGENCY_ROLE_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    is_active = forms.BooleanField(label=_("Aktif"), required=False, initial=True)

    def limit_to(self, agency: Agency) -> None:
        self.fields["official"].queryset = Official.objects.filter(  # type: ignore[attr-defined]
            agency=agency
        ).select_related("unit")


class UserCreateForm(StyledFormMixin, _UserFieldsMixin):
    username = forms.RegexField(
        label=_("Nama pengguna"),
        max_length=150,
        regex=r"^[\w.@+-]+\Z",
        help_text=_("Huruf, angka dan @ . + - _ saja, mis. operator.koperasi"),
        error_messages={
            "invalid": _("Nama pengguna hanya boleh berisi huruf, angka dan @ . + - _")
        },
    )
    password1 = forms.CharField(
        label=_("Kata sandi"), strip=False, widget=forms.PasswordInput(render_value=True)
    )
    password2 = forms.CharField(
        label=_("Ulangi kata sandi"), strip=False, widget=forms.PasswordInput(render_value=True)
    )
    field_order = ["username", "password1", "password2", "official", "email", "roles", "is_active"]

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_to(agency)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("Kedua kata sandi tidak sama."))
        elif p1:
            try:
                password_validation.validate_password(p1)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class UserEditForm(StyledFormMixin, _UserFieldsMixin):
    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_to(agency)


class UserFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Cari nama pengguna atau nama"), required=False)
    role = forms.ChoiceField(
        label=_("Peran"), required=False, choices=[("", _("Semua peran")), *Role.choices]
    )
    unit = forms.ModelChoiceField(
        label=_("Unit"), required=False, queryset=Unit.objects.none(), empty_label=_("Semua unit")
    )

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(agency=agency)  # type: ignore[attr-defined]
