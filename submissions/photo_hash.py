"""Perceptual hashes of photos, in plain Python with NumPy and Pillow (no Django).

``phash``: the photo in grey, shrunk to 32x32, its 2-D DCT (a matrix product with NumPy), and the
8x8 lowest frequencies but the constant one compared with their median: 64 bits that survive
resizing, re-compression, brightness and contrast changes and small crops. Two photos are the same
picture when their hashes differ in at most ``MAX_DISTANCE`` bits.

The archive is searched by multi-index hashing: the 64 bits are cut into ``CHUNKS`` chunks of 16
bits, each stored in its own indexed column. If two hashes differ in at most d bits, one chunk
differs in at most d // CHUNKS bits (pigeonhole), so looking up every chunk value within
``CHUNK_RADIUS`` bits of the new photo's chunks finds every match up to distance
CHUNKS * (CHUNK_RADIUS + 1) - 1, and reads a number of rows that grows with the archive divided by
2^16, not with the archive.
"""

from __future__ import annotations

import contextlib
import io
from itertools import combinations

import numpy as np
from PIL import Image, ImageOps

HASH_SIZE = 8
_SIDE = 32
CHUNKS = 4
CHUNK_BITS = 64 // CHUNKS
# Radius 1: 17 keys per chunk, every match up to 7 bits found for sure, and most up to 10 (a
# 10-bit difference rarely puts 2 or more bits in each of the 4 chunks). Radius 2 would find all
# of them but reads 8 times as many rows (docs/benchmarks.md, "Duplicate check").
CHUNK_RADIUS = 1
MAX_DISTANCE = 10


def _dct_matrix(n: int) -> np.ndarray:
    k = np.arange(n)[:, None]
    i = np.arange(n)[None, :]
    m = np.cos(np.pi * (2 * i + 1) * k / (2 * n)) * np.sqrt(2 / n)
    m[0] /= np.sqrt(2)
    return m


_DCT = _dct_matrix(_SIDE)


def open_small(content: bytes, side: int = 256) -> Image.Image:
    """The photo in ``content``, upright, decoded at no less than ``side`` pixels (a JPEG decodes
    at a fraction of its size, which makes hashing a 12-megapixel photo take milliseconds). Another
    format is box-reduced by an integer factor right after decoding, its short edge kept at 4x
    ``side`` or more (hashes within 2 bits of those of the whole decode), so a 49 MP PNG is no longer
    turned, converted and cropped ten times at full size (560 MB above the process and 3 s before)."""
    with Image.open(io.BytesIO(content)) as im:
        im.draft("RGB", (side, side))
        im.load()
        small = im
        factor = min(im.size) // (4 * side)
        if factor > 1 and im.format not in ("JPEG", "MPO"):
            with contextlib.suppress(ValueError):  # a mode reduce() does not take (P, 1): kept whole
                small = im.reduce(factor)
                im.close()  # the full-size pixels go at once
        return ImageOps.exif_transpose(small).convert("RGB")


def _grey(image: Image.Image, size: tuple[int, int]) -> np.ndarray:
    return np.asarray(image.convert("L").resize(size, Image.Resampling.LANCZOS), dtype=np.float64)


def _bits_to_int(bits: np.ndarray) -> int:
    value = 0
    for bit in bits.ravel():
        value = (value << 1) | int(bit)
    return value


def phash(content: bytes) -> int:
    """The 64-bit DCT hash of the photo in ``content`` (any format Pillow reads)."""
    return phash_image(open_small(content))


def phash_image(image: Image.Image) -> int:
    """The 64-bit DCT hash of an opened image."""
    pixels = _grey(image, (_SIDE, _SIDE))
    dct = _DCT @ pixels @ _DCT.T
    low = dct[:HASH_SIZE, :HASH_SIZE].ravel()
    median = np.median(low[1:])
    return _bits_to_int(low > median)


def dhash(content: bytes) -> int:
    """The 64-bit difference hash (is each pixel brighter than its right neighbour, on 9x8)."""
    pixels = _grey(open_small(content), (HASH_SIZE + 1, HASH_SIZE))
    return _bits_to_int(pixels[:, 1:] > pixels[:, :-1])


def crop_variants(image: Image.Image, offsets: tuple[float, ...] = (0.0, 0.05, 0.1), share: float = 0.9) -> list[int]:
    """The hash of the whole image, then of its crops of ``share`` of each side at every pair of
    ``offsets``: stored for an archived photo, they let a cropped copy of it match one of them
    closely (a plain pHash moves by 10-20 bits under a 10% crop; the nearest crop by under 10)."""
    hashes = [phash_image(image)]
    w, h = image.size
    for left in offsets:
        for top in offsets:
            box = (int(w * left), int(h * top), int(w * (left + share)), int(h * (top + share)))
            hashes.append(phash_image(image.crop(box)))
    return hashes


def distance(a: int, b: int) -> int:
    """The number of bits in which two hashes differ (Hamming distance)."""
    return (a ^ b).bit_count()


def to_signed(value: int) -> int:
    """A 64-bit hash as PostgreSQL's signed bigint stores it."""
    return value - (1 << 64) if value >= 1 << 63 else value


def to_unsigned(value: int) -> int:
    return value + (1 << 64) if value < 0 else value


def chunks(value: int) -> list[int]:
    """The ``CHUNKS`` 16-bit pieces of a hash, most significant first."""
    mask = (1 << CHUNK_BITS) - 1
    return [(value >> (CHUNK_BITS * (CHUNKS - 1 - i))) & mask for i in range(CHUNKS)]


def _near(value: int, radius: int) -> list[int]:
    out = [value]
    for r in range(1, radius + 1):
        for flips in combinations(range(CHUNK_BITS), r):
            v = value
            for bit in flips:
                v ^= 1 << bit
            out.append(v)
    return out


def probe_values(value: int, radius: int = CHUNK_RADIUS) -> list[list[int]]:
    """For each chunk of ``value``, the chunk values within ``radius`` bits of it: the index keys to
    look up so that no hash within CHUNKS * (radius + 1) - 1 bits is missed."""
    return [_near(c, radius) for c in chunks(value)]
