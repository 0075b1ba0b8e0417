"""The demo agency's logo: a generic emblem drawn here with Pillow (a shield with a star, a
cog wheel for the cooperatives and small businesses, two ears of rice and a ribbon) — an
original picture, deliberately no real government's coat of arms. PNG, so both the PDF and
the DOCX can print it in the kop surat."""

from __future__ import annotations

import math
from io import BytesIO

WIDTH, HEIGHT = 240, 280
_SCALE = 4  # drawn four times larger, then reduced: smooth edges without a vector library

GREEN = (22, 101, 52, 255)
GOLD = (214, 158, 46, 255)
WHITE = (255, 255, 255, 255)


def _star(cx: float, cy: float, outer: float, inner: float) -> list[tuple[float, float]]:
    points = []
    for k in range(10):
        radius = outer if k % 2 == 0 else inner
        angle = -math.pi / 2 + k * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def _cog(cx: float, cy: float, outer: float, inner: float, teeth: int) -> list[tuple[float, float]]:
    points = []
    steps = teeth * 4
    for k in range(steps):
        radius = outer if k % 4 in (0, 1) else inner
        angle = 2 * math.pi * k / steps
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def demo_logo_png() -> bytes:
    """Return the emblem as PNG bytes (the same bytes every time)."""
    from PIL import Image, ImageDraw

    s = _SCALE
    image = Image.new("RGBA", (WIDTH * s, HEIGHT * s), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)

    def p(x: float, y: float) -> tuple[float, float]:
        return (x * s, y * s)

    # The shield: straight top, sides curving into a point.
    shield = [p(20, 20), p(220, 20), p(220, 150)]
    for k in range(1, 21):
        t = k / 20
        shield.append(p(220 - 100 * t, 150 + 110 * math.sin(t * math.pi / 2)))
    for k in range(1, 21):
        t = k / 20
        shield.append(p(120 - 100 * t, 260 - 110 * (1 - math.cos(t * math.pi / 2))))
    draw.polygon(shield, fill=GOLD)
    inset = [(x + (120 * s - x) * 0.07, y + (140 * s - y) * 0.07) for x, y in shield]
    draw.polygon(inset, fill=GREEN)

    draw.polygon([p(x, y) for x, y in _star(120, 62, 26, 11)], fill=GOLD)
    draw.polygon([p(x, y) for x, y in _cog(120, 150, 46, 38, 12)], fill=WHITE)
    draw.ellipse([p(96, 126), p(144, 174)], fill=GREEN)
    draw.ellipse([p(110, 140), p(130, 160)], fill=WHITE)

    # Two ears of rice around the cog, left and right: grains along an arc.
    for side in (-1, 1):
        for k in range(8):
            angle = math.radians(105 + k * 16)
            x = 120 + side * 66 * math.cos(angle)
            y = 150 - 66 * math.sin(angle)
            draw.ellipse([p(x - 6, y - 8), p(x + 6, y + 8)], fill=GOLD)

    # The ribbon across the point of the shield.
    draw.polygon([p(44, 212), p(196, 212), p(186, 234), p(54, 234)], fill=GOLD)
    draw.polygon([p(50, 216), p(190, 216), p(182, 230), p(58, 230)], fill=WHITE)

    small = image.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS)
    out = BytesIO()
    small.save(out, format="PNG", optimize=True)
    return out.getvalue()
