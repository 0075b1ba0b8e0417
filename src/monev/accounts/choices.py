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


#: Roles that act only on their own Bidang (their official's unit).
BIDANG_ROLES = frozenset({Role.KEPALA_BIDANG, Role.OPERATOR_BIDANG})
#: Roles that see the whole agency.
AGENCY_WIDE_ROLES = frozenset(set(Role) - BIDANG_ROLES)
