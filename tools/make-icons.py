#!/usr/bin/env python3
"""Draws the installable app's icons (src/Sonae.Web/wwwroot/icons/*.png) with nothing but the standard library.

The mark is the header's: a white disc on Sonae's blue (#0b4f6c), holding a blue binder with white lines, the
emergency binder the app keeps on the phone. The maskable icon keeps the mark inside the central 80 % that every
launcher shows. Run it again after changing the drawing: python3 tools/make-icons.py
"""
import os
import struct
import zlib

BLUE = (0x0B, 0x4F, 0x6C)
WHITE = (0xFF, 0xFF, 0xFF)
OUT = os.path.join(os.path.dirname(__file__), "..", "src", "Sonae.Web", "wwwroot", "icons")
SAMPLES = 3  # per axis, for smooth edges


def colour_at(x, y, scale):
    """The colour at (x, y) in a unit square, the mark drawn at `scale` of the full disc."""
    dx, dy = (x - 0.5) / scale, (y - 0.5) / scale
    if dx * dx + dy * dy > 0.40 ** 2:
        return BLUE
    # The binder: a blue page with white lines of text on it.
    if -0.19 <= dx <= 0.19 and -0.23 <= dy <= 0.23:
        for top in (-0.13, -0.03, 0.07):
            if -0.08 <= dx <= 0.13 and top <= dy <= top + 0.045:
                return WHITE
        return BLUE
    return WHITE


def draw(size, scale):
    rows = []
    for j in range(size):
        row = bytearray([0])
        for i in range(size):
            total = [0, 0, 0]
            for sj in range(SAMPLES):
                for si in range(SAMPLES):
                    c = colour_at((i + (si + 0.5) / SAMPLES) / size, (j + (sj + 0.5) / SAMPLES) / size, scale)
                    total = [t + v for t, v in zip(total, c)]
            row.extend(round(t / SAMPLES ** 2) for t in total)
        rows.append(bytes(row))
    return b"".join(rows)


def png(size, pixels):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(pixels, 9)) + chunk(b"IEND", b"")


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, size, scale in (("sonae-192.png", 192, 1.0), ("sonae-512.png", 512, 1.0), ("sonae-maskable-512.png", 512, 0.8)):
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(png(size, draw(size, scale)))
        print(name, size)


if __name__ == "__main__":
    main()
