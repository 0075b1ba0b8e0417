"""Validators that wrap the pure domain rules with translated messages."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from monev.domain.nip import NipError, validate_nip


def clean_nip(value: str) -> str:
    """Return the NIP as 18 digits, or raise a ValidationError in the user's language (the
    one NIP check of models and forms; the rule itself is monev.domain.nip)."""
    try:
        return validate_nip(value)
    except NipError as error:
        raise ValidationError(
            _("NIP tidak valid: %(reason)s"), code="invalid_nip", params={"reason": error.message}
        ) from error


def nip_validator(value: str) -> None:
    """Raise a ValidationError in the user's language when `value` is not a valid NIP."""
    clean_nip(value)
