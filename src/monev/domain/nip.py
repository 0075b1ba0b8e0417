"""NIP (Nomor Induk Pegawai) of a civil servant: 18 digits, printed grouped 8-6-1-3.

birth date YYYYMMDD · TMT CPNS YYYYMM · sex (1 male, 2 female) · serial number (3 digits).
"""

from __future__ import annotations

from datetime import date


class NipError(ValueError):
    """A NIP that is not valid; `message` says why, in Indonesian."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def validate_nip(value: str) -> str:
    """Return the NIP as 18 digits (spaces and dots removed) or raise NipError."""
    digits = "".join(ch for ch in str(value) if ch not in " .-\t")
    if not digits.isdigit() or len(digits) != 18:
        raise NipError(f"NIP harus 18 digit angka (tertulis {len(digits)} karakter).")
    try:
        date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise NipError("8 digit pertama bukan tanggal lahir yang sah (TTTTBBHH).") from None
    year, month = int(digits[8:12]), int(digits[12:14])
    if not 1 <= month <= 12 or year < 1950:
        raise NipError("Digit 9–14 bukan TMT CPNS yang sah (TTTTBB).")
    if digits[14] not in "12":
        raise NipError("Digit ke-15 (jenis kelamin) harus 1 atau 2.")
    return digits


def format_nip(value: str) -> str:
    """Return the NIP grouped as printed: "19681117 199703 1 003"."""
    digits = validate_nip(value)
    return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"


def display_nip(value: str) -> str:
    """Return a valid NIP grouped 8-6-1-3 for print; any other text unchanged (a stored
    value from before validation, or a placeholder), never an error."""
    try:
        return format_nip(value)
    except NipError:
        return value
