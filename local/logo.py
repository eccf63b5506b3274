"""The demo optician's logo for local mode (``GET /_local/logo.png``), drawn at import time.

The seeded optician's ``branding.logo_url`` points here, so the e-mails in the local outbox
render with a logo without a network connection. A PNG made with the standard library only:
the word OPTIK MUSTER in white capitals on the demo's primary colour.
"""
from __future__ import annotations

import struct
import zlib

PATH = "/_local/logo.png"
BACKGROUND = (0x0A, 0x5F, 0xAA)  # the demo optician's primary_color
FOREGROUND = (0xFF, 0xFF, 0xFF)
SCALE = 3
PADDING = 3  # in font pixels

# A 5 x 7 pixel font for the letters needed.
_FONT = {
    "O": ("01110", "10001", "10001", "10001", "10001", "10001", "01110"),
    "P": ("11110", "10001", "10001", "11110", "10000", "10000", "10000"),
    "T": ("11111", "00100", "00100", "00100", "00100", "00100", "00100"),
    "I": ("01110", "00100", "00100", "00100", "00100", "00100", "01110"),
    "K": ("10001", "10010", "10100", "11000", "10100", "10010", "10001"),
    "M": ("10001", "11011", "10101", "10101", "10001", "10001", "10001"),
    "U": ("10001", "10001", "10001", "10001", "10001", "10001", "01110"),
    "S": ("01111", "10000", "10000", "01110", "00001", "00001", "11110"),
    "E": ("11111", "10000", "10000", "11110", "10000", "10000", "11111"),
    "R": ("11110", "10001", "10001", "11110", "10100", "10010", "10001"),
    " ": ("000",) * 7,
}


def _bitmap(text: str) -> list[str]:
    """Rows of '0'/'1' for ``text``, one blank column between letters, padded all round."""
    rows = ["" for _ in range(7)]
    for index, letter in enumerate(text):
        glyph = _FONT[letter]
        for row in range(7):
            rows[row] += ("0" if index else "") + glyph[row]
    width = len(rows[0]) + 2 * PADDING
    blank = "0" * width
    return [blank] * PADDING + ["0" * PADDING + row + "0" * PADDING for row in rows] + [blank] * PADDING


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def render_png(text: str = "OPTIK MUSTER") -> bytes:
    """``text`` as an RGB PNG (8 bits per channel, no interlace)."""
    bitmap = _bitmap(text)
    width, height = len(bitmap[0]) * SCALE, len(bitmap) * SCALE
    raw = bytearray()
    for row in bitmap:
        line = b"".join(bytes(FOREGROUND if bit == "1" else BACKGROUND) * SCALE for bit in row)
        for _ in range(SCALE):
            raw += b"\x00" + line  # filter type 0 (none) per scanline
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(bytes(raw), 9))
            + _chunk(b"IEND", b""))


LOGO_PNG = render_png()
