"""The user's own profile page: who they are, and the channels their notifications go out
through ("Saluran notifikasi": e-mail, Telegram, WhatsApp; the in-app bell is always on)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from monev.accounts.choices import Role
from monev.accounts.models import User
from monev.core.access import AuthedRequest
from monev.core.forms import StyledFormMixin
from monev.notifications import services as channel_services
from monev.notifications.channels import CHANNELS, normalize_phone


class ChannelsForm(StyledFormMixin, forms.Form):
    notify_email = forms.BooleanField(label=gettext_lazy("E-mail"), required=False)
    notify_telegram = forms.BooleanField(label=gettext_lazy("Telegram"), required=False)
    notify_whatsapp = forms.BooleanField(label=gettext_lazy("WhatsApp"), required=False)
    phone = forms.CharField(
        label=gettext_lazy("Nomor WhatsApp"),
        max_length=25,
        required=False,
        help_text=gettext_lazy("Nomor ponsel, misalnya 0812 3456 7890 atau +62 812 3456 7890."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        for key, channel in CHANNELS.items():
            if not channel.configured():
                self.fields[f"notify_{key}"].disabled = True

    def clean_phone(self) -> str:
        raw = self.cleaned_data.get("phone", "").strip()
        if not raw:
            return ""
        phone = normalize_phone(raw)
        if not phone:
            raise forms.ValidationError(
                _("«%(raw)s» bukan nomor ponsel yang dikenali. Tulis misalnya 0812 3456 7890.")
                % {"raw": raw}
            )
        return phone

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("notify_email") and not self.user.email:
            self.add_error(
                "notify_email",
                _("Akun Anda belum punya alamat e-mail; minta administrator mengisinya."),
            )
        if data.get("notify_telegram") and not self.user.telegram_chat_id:
            self.add_error(
                "notify_telegram", _("Hubungkan akun Telegram Anda dulu (tombol di bawah).")
            )
        if data.get("notify_whatsapp") and not data.get("phone") and "phone" not in self.errors:
            self.add_error(
                "phone", _("Isi nomor WhatsApp untuk menerima notifikasi lewat WhatsApp.")
            )
        return data


def _initial(user: User) -> dict[str, Any]:
    return {
        "notify_email": user.notify_email,
        "notify_telegram": user.notify_telegram,
        "notify_whatsapp": user.notify_whatsapp,
        "phone": user.phone,
    }


@login_required
def profile(request: AuthedRequest) -> HttpResponse:
    """Show the profile; on POST save the channels (action "simpan"), or make a Telegram link
    code ("telegram_kode"), or unlink Telegram ("telegram_putus")."""
    user = request.user
    action = request.POST.get("action", "simpan") if request.method == "POST" else ""
    form = ChannelsForm(initial=_initial(user), user=user)
    if action == "telegram_kode" and CHANNELS["telegram"].configured():
        channel_services.telegram_new_code(user)
        messages.info(request, _("Kode baru dibuat. Kirim kode ini ke bot Telegram."))
        return redirect("accounts:profile")
    if action == "telegram_putus":
        channel_services.telegram_unlink(user)
        messages.success(request, _("Akun Telegram tidak lagi terhubung."))
        return redirect("accounts:profile")
    if action == "simpan":
        form = ChannelsForm(request.POST, initial=_initial(user), user=user)
        if form.is_valid():
            data = form.cleaned_data
            channel_services.preferences_save(
                user=user,
                email=data["notify_email"],
                telegram=data["notify_telegram"],
                whatsapp=data["notify_whatsapp"],
                phone=data["phone"],
            )
            messages.success(request, _("Saluran notifikasi disimpan."))
            return redirect("accounts:profile")
    code = user.telegram_link_code
    code_valid = bool(
        code
        and user.telegram_link_code_at
        and user.telegram_link_code_at >= timezone.now() - channel_services.LINK_CODE_VALID
    )
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "roles": [Role(role).label for role in sorted(user.roles)],
            "telegram_configured": CHANNELS["telegram"].configured(),
            "whatsapp_configured": CHANNELS["whatsapp"].configured(),
            "telegram_bot": settings.MONEV_TELEGRAM_BOT_USERNAME,
            "telegram_code": code if code_valid else "",
            "telegram_link": channel_services.telegram_deep_link(code) if code_valid else "",
        },
        status=400 if action == "simpan" else 200,
    )
