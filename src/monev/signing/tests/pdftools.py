"""Second opinions on a signed PDF: poppler's `pdfsig` and pikepdf (PDF/A and attachments)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pikepdf

PDFSIG = "/usr/bin/pdfsig"


def pdfsig(path: Path) -> str:
    result = subprocess.run([PDFSIG, "-nocert", str(path)], capture_output=True, text=True,
                            timeout=60, check=False)  # fmt: skip
    return result.stdout + result.stderr


def pdfsig_verdicts(text: str) -> list[str]:
    return [line.split(":", 1)[1].strip() for line in text.splitlines()
            if "Signature Validation:" in line]  # fmt: skip


def pdfa_and_attachments(path: Path) -> tuple[str, list[str]]:
    with pikepdf.open(path) as pdf:
        return pdf.open_metadata().pdfa_status, sorted(pdf.attachments.keys())


def flip(data: bytes, at: int) -> bytes:
    """`data` with one byte changed at `at`."""
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]
