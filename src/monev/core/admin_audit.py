"""Changes made through the technical admin site (/django-admin/) are audited like any other:
the admin user is the actor, with the values before and after (issue 10, item 9).

`AuditedModelAdmin` does the recording; `audit_admin_site` (run by CoreConfig.ready, after
Django's admin autodiscovery) gives every ModelAdmin registered on the site, ours or a
library's, the mixin, so nothing registered later escapes it.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib import admin
from django.db import models, router, transaction
from django.http import HttpRequest

from monev.core import audit
from monev.core.actors import Actor
from monev.core.choices import AuditAction

#: Fields whose value is a secret: the log keeps a short digest (a change shows, the value not).
SECRET_FIELDS = frozenset({"password", "key", "token", "secret", "bin_key"})
_BEFORE = "_monev_admin_audit_before"


def admin_snapshot(obj: models.Model) -> dict[str, Any]:
    """Every concrete field but the pk (secrets as a digest) and the many-to-many pk lists."""
    fields = [f for f in obj._meta.concrete_fields if not f.primary_key]
    values: dict[str, Any] = {}
    for field in fields:
        value = getattr(obj, field.attname)
        if field.name in SECRET_FIELDS and value:
            digest = hashlib.sha256(str(value).encode()).hexdigest()[:12]
            values[field.attname] = f"sha256:{digest}"
        else:
            values[field.attname] = audit._plain(value)
    if obj.pk is not None:
        for m2m in obj._meta.many_to_many:
            values[m2m.name] = sorted(getattr(obj, m2m.name).values_list("pk", flat=True))
    return values


def _actor(request: HttpRequest) -> Actor | None:
    """The admin's user (the admin site lets in only signed-in staff)."""
    user = request.user
    return user if user.is_authenticated else None


class AuditedModelAdmin(admin.ModelAdmin):
    """A ModelAdmin whose saves and deletes write an audit entry with the admin as actor."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = None
        if change:  # the form has already changed `obj`: read the stored row
            stored = type(obj)._default_manager.filter(pk=obj.pk).first()
            before = admin_snapshot(stored) if stored is not None else None
        setattr(request, _BEFORE, before)
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)  # many-to-many saved here
        obj = form.instance
        before = getattr(request, _BEFORE, None)
        after = admin_snapshot(obj)
        audit.record(
            actor=_actor(request),
            action=AuditAction.UPDATE if change and before is not None else AuditAction.CREATE,
            obj=obj,
            before=before,
            after=after,
            note="django-admin",
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic(using=router.db_for_write(type(obj))):
            audit.record_delete(_actor(request), obj, admin_snapshot(obj), note="django-admin")
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        with transaction.atomic(using=router.db_for_write(queryset.model)):
            for obj in queryset:
                audit.record_delete(_actor(request), obj, admin_snapshot(obj), note="django-admin")
            super().delete_queryset(request, queryset)


def audit_admin_site(site: admin.AdminSite | None = None) -> None:
    """Give every ModelAdmin registered on `site` (default: the admin site) the mixin."""
    site = site or admin.site
    for model, model_admin in list(site._registry.items()):
        if isinstance(model_admin, AuditedModelAdmin):
            continue
        audited = type(
            f"Audited{type(model_admin).__name__}",
            (AuditedModelAdmin, type(model_admin)),
            {"__module__": type(model_admin).__module__},
        )
        site._registry[model] = audited(model, site)
