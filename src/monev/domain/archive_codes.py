"""Short codes of archive entries (SOP step 13): what the QR code and the printed code carry.

A code is 8 characters of Crockford's base32 (no I, L, O, U: nothing to misread), printed as
two groups "ABCD-2345". Typed codes are read forgivingly: case, spaces and dashes ignored,
O read as 0 and I/L as 1."""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 8
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_code() -> str:
    """Return a new random code in its printed form ("ABCD-2345")."""
    chars = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return f"{chars[:4]}-{chars[4:]}"


def normalize(text: str) -> str | None:
    """Return the printed form of a typed code, or None when it cannot be a code."""
    plain = "".join(ch for ch in text.upper() if ch not in " -\t\n").translate(_READ_AS)
    if len(plain) != LENGTH or any(ch not in ALPHABET for ch in plain):
        return None
    return f"{plain[:4]}-{plain[4:]}"
