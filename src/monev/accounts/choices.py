"""Roles of SPEC §1."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    KEPALA_DINAS = "kepala_dinas", _("Kepala Dinas")
    SEKRETARIS = "sekretaris", _("Sekretaris")
    KASUBAG_PROGRAM = "kasubag_program", _("Kasubag Program")
    KEPALA_BIDANG = "kepala_bidang", _("Kepala Bidang")
    OPERATOR_BIDANG = "operator_bidang", _("Operator Bidang")
    PEMERIKSA = "pemeriksa", _("Pemeriksa")
    BAPPEDA = "bappeda", _("Bappeda")


#: Roles that act only on their own Bidang (their official's unit).
BIDANG_ROLES = frozenset({Role.KEPALA_BIDANG, Role.OPERATOR_BIDANG})
#: Roles of the instance rather than of one agency: Bappeda reads every agency (SPEC §14).
#: Only the instance's technical administrator (a superuser, or a command) grants them.
INSTANCE_ROLES = frozenset({Role.BAPPEDA})
#: Roles that see the whole agency.
AGENCY_WIDE_ROLES = frozenset(set(Role) - BIDANG_ROLES - INSTANCE_ROLES)
#: Roles an agency's administrator may give on the user pages.
AGENCY_ROLE_CHOICES = [
    (value, label) for value, label in Role.choices if value not in INSTANCE_ROLES
]
