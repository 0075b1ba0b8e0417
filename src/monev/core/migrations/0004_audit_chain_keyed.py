"""The audit chain becomes keyed (HMAC-SHA256 with the audit chain key, kept outside the
database; docs/decisions/0014): after entries chained without a key, one cut-over entry is
appended, keyed and covering the last legacy hash. An empty log needs none."""

from typing import Any

from django.db import migrations


def cut_over(apps: Any, schema_editor: Any) -> None:
    from monev.core.audit_chain import cut_over

    content_type = apps.get_model("contenttypes", "ContentType")
    head_type, _created = content_type.objects.get_or_create(
        app_label="core", model="auditchainhead"
    )
    cut_over(
        apps.get_model("core", "AuditEntry"),
        apps.get_model("core", "AuditChainHead"),
        head_type.pk,
        "system:migrate",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0003_ratelimitcounter"),
    ]

    operations = [migrations.RunPython(cut_over, migrations.RunPython.noop)]
