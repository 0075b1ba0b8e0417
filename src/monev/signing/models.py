"""Electronic signatures (SPEC §15, docs/decisions/0022): the agency's seal (its own key,
encrypted at rest) and each signature made on a document — the bytes after it, who signed
as what, through which provider. The signed record is named generically (content type and
id): the signing app sits below the apps whose documents it signs."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from monev.core.tenancy import belongs_to_agency
from monev.signing.choices import Kind, Provider, TteStatus


@belongs_to_agency("agency")
class AgencySeal(models.Model):
    """The agency's own signing key and certificate (PKCS#12 uploaded by the Administrator),
    kept Fernet-encrypted (`keystore`). Shown as "segel elektronik instansi", never as a TTE."""

    agency = models.ForeignKey(
        "organization.Agency", on_delete=models.CASCADE, related_name="seals"
    )
    subject = models.CharField(_("subjek sertifikat"), max_length=300)
    issuer = models.CharField(_("penerbit"), max_length=300)
    fingerprint = models.CharField(_("sidik jari SHA-256"), max_length=64)
    not_before = models.DateTimeField(_("berlaku mulai"))
    not_after = models.DateTimeField(_("berlaku sampai"))
    certificate_pem = models.TextField(_("sertifikat"))
    encrypted_key = models.BinaryField(_("kunci terenkripsi"))
    active = models.BooleanField(_("aktif"), default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("diunggah"))

    class Meta:
        verbose_name = _("segel elektronik instansi")
        verbose_name_plural = _("segel elektronik instansi")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.subject} ({self.fingerprint[:12]})"


@belongs_to_agency("agency")
class Signature(models.Model):
    """One signature on a document: the PDF after it (an incremental update of the one
    before), its digest, the signer and their role, the kind (paraf or pengesahan) and the
    provider. Never changed, except the TTE follow-up of a pengesahan sealed while BSrE was
    unreachable (`tte_status`, `tte_attempts`, `tte_checked_at`)."""

    agency = models.ForeignKey("organization.Agency", on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    sequence = models.PositiveSmallIntegerField(_("urutan"))
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    role = models.CharField(_("peran"), max_length=40)
    provider = models.CharField(_("penyedia"), max_length=20, choices=Provider.choices)
    field_name = models.CharField(_("nama bidang tanda tangan"), max_length=80)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    signer_name = models.CharField(_("penanda tangan"), max_length=200)
    signed_at = models.DateTimeField(_("waktu tanda tangan"))
    file = models.FileField(_("PDF bertanda tangan"), upload_to="tanda-tangan/%Y/")
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("ukuran"))
    tte_status = models.CharField(
        _("status TTE"), max_length=20, choices=TteStatus.choices, default="", blank=True
    )
    tte_attempts = models.PositiveSmallIntegerField(_("percobaan hubungi BSrE"), default=0)
    tte_checked_at = models.DateTimeField(_("terakhir diperiksa"), null=True, blank=True)

    class Meta:
        verbose_name = _("tanda tangan elektronik")
        verbose_name_plural = _("tanda tangan elektronik")
        ordering = ["content_type", "object_id", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "sequence"], name="signature_sequence_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.signer_name} #{self.sequence}"
