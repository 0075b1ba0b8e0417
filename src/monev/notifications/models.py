"""One message to one user through one outside channel (e-mail, Telegram, WhatsApp), kept until
it is sent or given up, so that a failed send is retried (the in-app bell is `sop.Notification`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from monev.core.tenancy import belongs_to_agency


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("menunggu")
    SENT = "sent", _("terkirim")
    FAILED = "failed", _("gagal")


@belongs_to_agency("user")
class Delivery(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(_("saluran"), max_length=20)
    address = models.CharField(_("alamat"), max_length=254)
    subject = models.CharField(_("judul"), max_length=200)
    text = models.TextField(_("isi"))
    url = models.CharField(max_length=500, blank=True)
    #: [[file name, text, MIME type], ...] (e-mail only, e.g. an .ics invitation).
    attachments = models.JSONField(default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    next_attempt_at = models.DateTimeField(_("percobaan berikutnya"))
    last_error = models.TextField(_("galat terakhir"), blank=True)
    created_at = models.DateTimeField(_("dibuat"))
    sent_at = models.DateTimeField(_("terkirim"), null=True, blank=True)

    class Meta:
        verbose_name = _("pengiriman notifikasi")
        verbose_name_plural = _("pengiriman notifikasi")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due_idx")]

    def __str__(self) -> str:
        return f"{self.channel} → {self.user} ({self.status})"
