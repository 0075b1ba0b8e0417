"""Each recommendation belongs to a finding (issue #20 item 4).

Adds `Recommendation.finding` and links the recommendations already stored, visit by visit:

- a visit with one finding: every recommendation of the visit → that finding;
- a visit with several: each recommendation → the nearest finding written before it, by
  creation order (the audit log's create entries, whose ids follow the order of writing); a
  recommendation written before every finding (or without audit entries) → the finding at
  its own position among the visit's recommendations (the first to the first …, the rest to
  the last);
- a visit without findings (or a recommendation without a visit): left unlinked.

It also gives every finding without one a `client_id` (the id a phone gives a finding): the
blangko names the finding a recommendation answers by that id, online and offline alike.
What it did is printed (how many linked by which rule, how many left unlinked).
"""

from __future__ import annotations

import sys
import uuid
from bisect import bisect_left
from typing import Any

from django.db import migrations, models

ONLY = "only"
NEAREST = "nearest"
POSITION = "position"


def link(
    findings: list[tuple[int, int | None]], recommendations: list[tuple[int, int | None]]
) -> dict[int, tuple[int | None, str]]:
    """Return, per recommendation id, (finding id, rule) for one visit.

    `findings` and `recommendations` are (id, creation key) in id order, the key being the
    id of the audit log's create entry (None when there is none). Pure: tested directly."""
    if not findings:
        return {r: (None, "") for r, _key in recommendations}
    if len(findings) == 1:
        return {r: (findings[0][0], ONLY) for r, _key in recommendations}
    keyed = all(key is not None for _f, key in findings)
    ordered = sorted(findings, key=lambda f: f[1] or 0) if keyed else []
    keys = [key or 0 for _f, key in ordered]
    found: dict[int, tuple[int | None, str]] = {}
    for position, (rec, key) in enumerate(recommendations):
        at = bisect_left(keys, key) if keyed and key is not None else 0
        if at > 0:
            found[rec] = (ordered[at - 1][0], NEAREST)
        else:
            found[rec] = (findings[min(position, len(findings) - 1)][0], POSITION)
    return found


def _created_keys(apps: Any, model: str, ids: list[int]) -> dict[int, int]:
    """Return {object id: id of its audit create entry} (the order things were written)."""
    try:
        entry = apps.get_model("core", "AuditEntry")
        content_type = apps.get_model("contenttypes", "ContentType")
    except LookupError:
        return {}
    kind = content_type.objects.filter(app_label="monitoring", model=model).first()
    if kind is None or not ids:
        return {}
    rows = entry.objects.filter(
        content_type_id=kind.pk, action="create", object_id__in=[str(i) for i in ids]
    ).values_list("object_id", "pk")
    keys: dict[int, int] = {}
    for object_id, pk in rows:
        keys.setdefault(int(object_id), pk)
    return keys


def forwards(apps: Any, schema_editor: Any) -> None:
    finding_model = apps.get_model("monitoring", "Finding")
    recommendation_model = apps.get_model("monitoring", "Recommendation")
    for finding in finding_model.objects.filter(client_id__isnull=True).only("pk"):
        finding_model.objects.filter(pk=finding.pk).update(client_id=uuid.uuid4())
    pending = list(
        recommendation_model.objects.filter(finding__isnull=True)
        .order_by("visit_id", "pk")
        .values_list("pk", "visit_id")
    )
    if not pending:
        return
    by_visit: dict[int | None, list[int]] = {}
    for pk, visit_id in pending:
        by_visit.setdefault(visit_id, []).append(pk)
    findings_of: dict[int, list[int]] = {}
    for pk, visit_id in finding_model.objects.filter(
        visit_id__in=[v for v in by_visit if v is not None]
    ).order_by("pk").values_list("pk", "visit_id"):
        findings_of.setdefault(visit_id, []).append(pk)
    finding_keys = _created_keys(apps, "finding", [f for fs in findings_of.values() for f in fs])
    rec_keys = _created_keys(apps, "recommendation", [pk for pk, _v in pending])
    counts = {ONLY: 0, NEAREST: 0, POSITION: 0, "": 0}
    for visit_id, recs in by_visit.items():
        findings = findings_of.get(visit_id, []) if visit_id is not None else []
        result = link(
            [(f, finding_keys.get(f)) for f in findings], [(r, rec_keys.get(r)) for r in recs]
        )
        for rec, (finding, rule) in result.items():
            counts[rule] += 1
            if finding is not None:
                recommendation_model.objects.filter(pk=rec).update(finding_id=finding)
    sys.stdout.write(
        "\n  monitoring 0003: {total} rekomendasi ditautkan ke temuannya — {only} pada kunjungan "
        "dengan satu temuan, {nearest} ke temuan terdekat yang ditulis sebelumnya, {position} "
        "menurut urutannya; {none} tanpa temuan (kunjungannya tidak mencatat temuan).\n".format(
            total=counts[ONLY] + counts[NEAREST] + counts[POSITION],
            only=counts[ONLY],
            nearest=counts[NEAREST],
            position=counts[POSITION],
            none=counts[""],
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0002_offline_sync"),
        ("core", "0002_audit_hash_chain"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="recommendation",
            name="finding",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=models.deletion.PROTECT,
                related_name="recommendations",
                to="monitoring.finding",
                verbose_name="temuan",
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
