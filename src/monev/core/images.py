"""Pictures the server keeps or draws, bounded by their pixel count (issue 21, item 7).

A 107 KB GIF can declare 12 000 × 12 000 pixels: decoded, it is half a gigabyte, and a logo
is decoded for every letterhead PDF (anyone may request those); a browser showing such a
photo stalls too. The size is read from the picture's header only (Pillow opens lazily), so
checking costs nothing whatever the picture declares. Pillow's own guard only warns below
twice its default limit (89 million pixels); the app's limits are far lower.
"""

from __future__ import annotations

import warnings
from io import BytesIO
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def pixel_size(source: bytes | IO[bytes]) -> tuple[int, int] | None:
    """Return (width, height) the picture `source` declares, reading its header only; None
    when Pillow does not recognise it (an SVG, not a picture). A picture so large that Pillow
    refuses to open it reports its size all the same."""
    from PIL import Image, UnidentifiedImageError

    stream = BytesIO(source) if isinstance(source, bytes | bytearray) else source
    position = stream.tell() if hasattr(stream, "tell") else 0
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(stream) as image:
                return image.size
    except Image.DecompressionBombError as error:  # > 2 × Pillow's limit: still named
        return _size_from_message(str(error))
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return None
    finally:
        if hasattr(stream, "seek"):
            stream.seek(position)


def _size_from_message(text: str) -> tuple[int, int]:
    # "Image size (144000000 pixels) exceeds limit …": keep the count, as a 1-pixel-high size
    digits = "".join(ch if ch.isdigit() else " " for ch in text).split()
    return (int(digits[0]) if digits else 2**31, 1)


def within(source: bytes | IO[bytes], max_pixels: int) -> bool:
    """True when `source` is a picture of at most `max_pixels` pixels, or no picture Pillow
    reads (an SVG: not decoded into pixels by the server)."""
    size = pixel_size(source)
    return size is None or size[0] * size[1] <= max_pixels


def check_pixels(source: bytes | IO[bytes], *, name: str, max_pixels: int) -> None:
    """Raise ValidationError (Indonesian) when the picture `source` has more than
    `max_pixels` pixels."""
    size = pixel_size(source)
    if size is None or size[0] * size[1] <= max_pixels:
        return
    width, height = size
    shown = f"{width} × {height} piksel" if height > 1 else f"{width} piksel"
    raise ValidationError(
        _(
            "Gambar «%(name)s» berukuran %(size)s; paling besar %(max)s juta piksel "
            "(misalnya %(side)s × %(side)s). Perkecil gambarnya lalu unggah lagi."
        )
        % {
            "name": name,
            "size": shown,
            "max": f"{max_pixels / 1_000_000:g}".replace(".", ","),
            "side": int(max_pixels**0.5),
        },
        code="pixels",
    )
