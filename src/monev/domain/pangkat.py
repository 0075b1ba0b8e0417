"""Pangkat and golongan of civil servants (PNS), in official order (DOMAIN §8.2)."""

from __future__ import annotations

GOLONGAN: tuple[tuple[str, str], ...] = (
    ("I/a", "Juru Muda"),
    ("I/b", "Juru Muda Tingkat I"),
    ("I/c", "Juru"),
    ("I/d", "Juru Tingkat I"),
    ("II/a", "Pengatur Muda"),
    ("II/b", "Pengatur Muda Tingkat I"),
    ("II/c", "Pengatur"),
    ("II/d", "Pengatur Tingkat I"),
    ("III/a", "Penata Muda"),
    ("III/b", "Penata Muda Tingkat I"),
    ("III/c", "Penata"),
    ("III/d", "Penata Tingkat I"),
    ("IV/a", "Pembina"),
    ("IV/b", "Pembina Tingkat I"),
    ("IV/c", "Pembina Utama Muda"),
    ("IV/d", "Pembina Utama Madya"),
    ("IV/e", "Pembina Utama"),
)

_BY_CODE = dict(GOLONGAN)


def pangkat_of(code: str) -> str:
    """Return the pangkat name of a golongan code ("IV/b" → "Pembina Tingkat I")."""
    try:
        return _BY_CODE[code]
    except KeyError:
        raise ValueError(f"Golongan tidak dikenal: {code!r}") from None


def pangkat_label(code: str) -> str:
    """Return "Pembina Tingkat I (IV/b)"."""
    return f"{pangkat_of(code)} ({code})"
