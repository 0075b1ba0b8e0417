"""Monev visits (SOP steps 4–6), their blangko, findings and recommendations (SPEC §10–§11)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from monev.core.tenancy import belongs_to_agency
from monev.monitoring.choices import (
    CorrectionStatus,
    FindingCategory,
    RecommendationStatus,
    Verdict,
    VisitStatus,
)

USER = settings.AUTH_USER_MODEL

#: The longest text a finding, a recommendation or a reason may hold (characters): a berita
#: acara page holds about 4 000, so this is five pages of one finding — more is a document to
#: attach, not a finding. Checked by the services (an Indonesian message), so a phone's sync
#: and the form refuse it alike; the documents print within it.
TEXT_MAX_CHARS = 20_000


@belongs_to_agency("agency")
class ChecklistTemplate(models.Model):
    """A named checklist of the blangko monev (e.g. "Blangko monev standar"), edited by the
    Kasubag Program or Administrator; its content lives in immutable versions."""

    agency = models.ForeignKey(
        "organization.Agency", on_delete=models.CASCADE, related_name="checklist_templates"
    )
    name = models.CharField(_("nama templat"), max_length=200)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("templat daftar periksa")
        verbose_name_plural = _("templat daftar periksa")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="checklist_template_unique")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def current(self) -> ChecklistVersion | None:
        return self.versions.order_by("-number").first()


@belongs_to_agency("template")
class ChecklistVersion(models.Model):
    """One version of a checklist template: sections of items (`monev.domain.checklist`).
    Never changed once saved — a visit keeps the version it started with."""

    template = models.ForeignKey(
        ChecklistTemplate, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("versi"))
    sections = models.JSONField(_("bagian dan butir"))
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("versi templat daftar periksa")
        verbose_name_plural = _("versi templat daftar periksa")
        ordering = ["template", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="checklist_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.template} v{self.number}"


@belongs_to_agency("cycle")
class Visit(models.Model):
    """A monev visit to one Bidang in a cycle (SPEC §10): when, where, the team, the checklist
    version and the indicators to verify; then the filled blangko and the Bidang's answer."""

    cycle = models.ForeignKey("sop.Cycle", on_delete=models.CASCADE, related_name="visits")
    unit = models.ForeignKey(
        "organization.Unit", verbose_name=_("Bidang"), on_delete=models.PROTECT, related_name="+"
    )
    starts_at = models.DateTimeField(_("mulai"))
    ends_at = models.DateTimeField(_("selesai"))
    place = models.CharField(_("tempat"), max_length=200)
    checklist = models.ForeignKey(
        ChecklistVersion, verbose_name=_("daftar periksa"), on_delete=models.PROTECT
    )
    status = models.CharField(
        _("status"), max_length=20, choices=VisitStatus.choices, default=VisitStatus.DIRENCANAKAN
    )
    answers = models.JSONField(_("jawaban daftar periksa"), default=dict, blank=True)
    summary = models.TextField(_("kesimpulan tim"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answer_note = models.TextField(_("catatan Kepala Bidang"), blank=True)
    #: When each blangko field was last written ("line:<pk>:<field>", "answer:<key>",
    #: "summary" → ISO moment): a change synced from a phone that went offline wins a field
    #: only when it was made later than the value stored (last write wins, per field).
    field_stamps = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("kunjungan monev")
        verbose_name_plural = _("kunjungan monev")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "unit"], name="visit_one_per_unit"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="visit_ends_after"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=VisitStatus.values), name="visit_valid_status"
            ),
        ]

    def __str__(self) -> str:
        return f"Monev {self.unit} — {self.cycle}"

    @property
    def correction_lines(self) -> list[VisitIndicator]:
        """The indicator lines with a proposed correction, decided or not (from the prefetched
        lines when there are)."""
        return [line for line in self.indicators.all() if line.correction_status != "tidak_ada"]


@belongs_to_agency("visit")
class TeamMember(models.Model):
    """An official of the agency on a visit's team; exactly one is the leader (ketua tim)."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="team")
    official = models.ForeignKey("organization.Official", on_delete=models.PROTECT)
    is_leader = models.BooleanField(_("ketua tim"), default=False)

    class Meta:
        verbose_name = _("anggota tim monev")
        verbose_name_plural = _("anggota tim monev")
        ordering = ["-is_leader", "official__name"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "official"], name="team_member_unique"),
            models.UniqueConstraint(
                fields=["visit"], condition=models.Q(is_leader=True), name="team_one_leader"
            ),
        ]

    def __str__(self) -> str:
        return str(self.official)


@belongs_to_agency("visit")
class VisitIndicator(models.Model):
    """One indicator verified on a visit: the reported value beside the verified one, the
    evidence verdict with its reason, and a proposed corrected value decided at step 6."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="indicators")
    indicator = models.ForeignKey("planning.Indicator", on_delete=models.PROTECT, related_name="+")
    flagged = models.CharField(_("tanda olah data"), max_length=200, blank=True)
    reported_value = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    verified_value = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    verdict = models.CharField(
        _("bukti dukung"), max_length=10, choices=Verdict.choices, blank=True
    )
    verdict_reason = models.CharField(_("alasan"), max_length=500, blank=True)
    proposed_value = models.DecimalField(
        _("usulan nilai koreksi"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    correction_status = models.CharField(
        max_length=10, choices=CorrectionStatus.choices, default=CorrectionStatus.TIDAK_ADA
    )
    decision_reason = models.TextField(_("alasan keputusan"), blank=True)
    decided_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    correction = models.ForeignKey(
        "collection.Correction", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("indikator yang diverifikasi")
        verbose_name_plural = _("indikator yang diverifikasi")
        ordering = ["visit", "indicator__code"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "indicator"], name="visit_indicator_unique")
        ]

    def __str__(self) -> str:
        return f"{self.visit} · {self.indicator}"


@belongs_to_agency("visit")
class Finding(models.Model):
    """A temuan of a visit: what the team found, its category, the indicator where it applies,
    and the Kepala Bidang's disagreement (with a reason) if any."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="findings")
    text = models.TextField(_("temuan"))
    category = models.CharField(_("kategori"), max_length=20, choices=FindingCategory.choices)
    indicator = models.ForeignKey(
        "planning.Indicator", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    disputed = models.BooleanField(_("dibantah"), default=False)
    dispute_reason = models.TextField(_("alasan bantahan"), blank=True)
    #: The id the phone gave the finding when it was written (offline too): a retried sync
    #: with the same id finds this row instead of adding a second one.
    client_id = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("temuan")
        verbose_name_plural = _("temuan")
        ordering = ["visit", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["visit", "client_id"],
                condition=models.Q(client_id__isnull=False),
                name="finding_client_id_unique",
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]


@belongs_to_agency("agency")
class Recommendation(models.Model):
    """A rekomendasi: what a Bidang must do by a due date. It lives across quarters until
    closed, with the four SIPTL statuses (SPEC §11)."""

    agency = models.ForeignKey(
        "organization.Agency", on_delete=models.CASCADE, related_name="recommendations"
    )
    unit = models.ForeignKey(
        "organization.Unit", verbose_name=_("Bidang"), on_delete=models.PROTECT, related_name="+"
    )
    visit = models.ForeignKey(
        Visit, on_delete=models.SET_NULL, null=True, blank=True, related_name="recommendations"
    )
    #: The temuan this recommendation answers (SPEC §10: recommendations follow findings).
    #: Empty only for a recommendation made before findings were linked whose visit had no
    #: finding (migration 0003 says which); a finding with recommendations cannot be deleted.
    finding = models.ForeignKey(
        Finding,
        verbose_name=_("temuan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recommendations",
    )
    cycle = models.ForeignKey("sop.Cycle", on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("rekomendasi"))
    due_date = models.DateField(_("batas waktu"))
    status = models.CharField(
        _("status"),
        max_length=30,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.BELUM,
    )
    created_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    #: The id the phone gave it on the blangko (see `Finding.client_id`).
    client_id = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("rekomendasi")
        verbose_name_plural = _("rekomendasi")
        ordering = ["due_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["visit", "client_id"],
                condition=models.Q(client_id__isnull=False),
                name="recommendation_client_id_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=RecommendationStatus.values),
                name="recommendation_valid_status",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]


@belongs_to_agency("cycle")
class FollowUp(models.Model):
    """The Bidang's report of what it did about a recommendation in a quarter (with evidence),
    and the monev team's verification, which sets the recommendation's status."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="follow_ups"
    )
    cycle = models.ForeignKey("sop.Cycle", on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("tindak lanjut"))
    evidence = models.FileField(_("bukti"), upload_to="tindak-lanjut/%Y/", blank=True)
    evidence_name = models.CharField(max_length=255, blank=True)
    evidence_sha256 = models.CharField(max_length=64, blank=True)
    reported_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    reported_at = models.DateTimeField()
    status = models.CharField(
        _("hasil verifikasi"), max_length=30, choices=RecommendationStatus.choices, blank=True
    )
    verification_note = models.TextField(_("catatan verifikasi"), blank=True)
    verified_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("tindak lanjut rekomendasi")
        verbose_name_plural = _("tindak lanjut rekomendasi")
        ordering = ["reported_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "cycle"], name="follow_up_per_cycle")
        ]

    def __str__(self) -> str:
        return self.text[:60]


@belongs_to_agency("visit")
class VisitPhoto(models.Model):
    """A photo taken on the visit (from the phone camera), content-checked like evidence."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to="monev-foto/%Y/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("foto monev")
        verbose_name_plural = _("foto monev")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.original_name, "size": self.size}
