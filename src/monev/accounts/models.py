"""Users of the application and the roles they hold."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken

from monev.accounts.choices import BIDANG_ROLES, Role
from monev.core.tenancy import belongs_to_agency

if TYPE_CHECKING:
    from monev.organization.models import Unit


@belongs_to_agency("agency", movable=True)
class User(AbstractUser):  # type: ignore[django-manager-missing]  # knox token relation
    """A person who signs in: a civil servant of one agency, linked to their official record.

    What a user may do follows from their roles (SPEC §1); Bidang roles act only on the unit of
    their official. The Django `is_superuser` flag is kept for the technical admin site only.
    """

    agency = models.ForeignKey(
        "organization.Agency",
        verbose_name=_("instansi"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    official = models.OneToOneField(
        "organization.Official",
        verbose_name=_("pejabat/pegawai"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="user",
    )
    # Notification channels the user chose ("Saluran notifikasi" on the profile page); the
    # in-app bell is always on. See monev.notifications.channels.
    notify_email = models.BooleanField(_("kirim lewat e-mail"), default=True)
    notify_telegram = models.BooleanField(_("kirim lewat Telegram"), default=False)
    notify_whatsapp = models.BooleanField(_("kirim lewat WhatsApp"), default=False)
    phone = models.CharField(_("nomor WhatsApp"), max_length=20, blank=True)
    telegram_chat_id = models.CharField(_("chat Telegram"), max_length=32, blank=True)
    telegram_link_code = models.CharField(max_length=32, blank=True, db_index=True)
    telegram_link_code_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.username

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save; a new password (from any path: page, admin, command) ends every API token."""
        password_changed = self.pk is not None and getattr(self, "_password", None) is not None
        super().save(*args, **kwargs)
        if password_changed:
            ApiToken.objects.filter(user=self).delete()

    @cached_property
    def roles(self) -> frozenset[str]:
        """Return the role keys this user holds (one query, cached on the instance)."""
        if not self.pk or not self.is_active:
            return frozenset()
        return frozenset(self.role_assignments.values_list("role", flat=True))

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def full_name(self) -> str:
        if self.official_id is not None and self.official is not None:
            return self.official.name
        return self.get_full_name() or self.username

    @property
    def unit(self) -> Unit | None:
        """Return the unit the user works in (their official's), or None."""
        if self.official_id is None or self.official is None:
            return None
        return self.official.unit

    @property
    def unit_id(self) -> int | None:
        return self.unit.pk if self.unit is not None else None

    @property
    def is_bidang_only(self) -> bool:
        """Return True when every role of the user is limited to their own Bidang."""
        return bool(self.roles) and self.roles <= BIDANG_ROLES


@belongs_to_agency("user")
class RoleAssignment(models.Model):
    """One role held by one user (a user may hold several, e.g. Kasubag and Administrator)."""

    user = models.ForeignKey(
        User, verbose_name=_("pengguna"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("peran"), max_length=30, choices=Role.choices)

    class Meta:
        verbose_name = _("peran pengguna")
        verbose_name_plural = _("peran pengguna")
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="role_assignment_unique"),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="role_assignment_valid_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"


@belongs_to_agency("user")
class ApiToken(AbstractAuthToken):
    """An API token of one user (django-rest-knox): only its SHA-512 digest is stored.

    It ends when unused for `API_TOKEN_IDLE_DAYS`, `API_TOKEN_MAX_DAYS` after creation, on
    logout with it, and on any password change of its user (see `User.save`).
    """

    name: models.CharField[str, str] = models.CharField(_("nama"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.name or self.token_key[:8]} ({self.user})"
