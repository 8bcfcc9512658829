"""Near-duplicate text, in plain Python and NumPy (no Django): Vietnamese normalised for tones, case
and punctuation, word shingles, MinHash signatures and the LSH band keys the archive is indexed by.

An item's signature is ``NUM_PERM`` minimum hash values over its 3-word shingles; two signatures agree
in a position with probability equal to the Jaccard similarity of the shingle sets. The signature is
cut into ``BANDS`` bands of ``ROWS`` values; each band gives one 63-bit key, and two items sharing any
key are candidates. With 32 bands of 4 rows an item with similarity s is a candidate with probability
1 - (1 - s^4)^32: 0.45 -> 0.74, 0.55 -> 0.95, 0.6 -> 0.99; unrelated items (s < 0.1) almost never are.
The candidates' signatures then give the score, and only scores of ``THRESHOLD`` or more are reported.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

import numpy as np

NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
SHINGLE_WORDS = 3
# The estimated Jaccard similarity from which an item is marked as a possible duplicate. Measured
# (docs/benchmarks.md, "Duplicate check"): rewritten copies (reordered, synonyms, no tones, new
# title) score 0.55-0.9; distinct reports of the same campaign, which share its set phrases, score
# 0.15 on average and rarely above 0.35.
THRESHOLD = 0.45

_PRIME = (1 << 61) - 1  # Mersenne prime; hash values and coefficients stay below it
_MAX_HASH = (1 << 32) - 1
_rng = np.random.default_rng(20241114)  # fixed: stored signatures must stay comparable forever
_A = _rng.integers(1, _PRIME, size=NUM_PERM, dtype=np.uint64)
_B = _rng.integers(0, _PRIME, size=NUM_PERM, dtype=np.uint64)
_WORD = re.compile(r"[0-9a-z]+")


def fold(text: str) -> str:
    """Lower case with tones and diacritics removed ("Đoàn Thanh niên" -> "doan thanh nien")."""
    text = text.lower().replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """The words of ``text``, folded (:func:`fold`), punctuation dropped."""
    return _WORD.findall(fold(text))


def shingles(tokens: list[str], size: int = SHINGLE_WORDS) -> set[str]:
    """The distinct runs of ``size`` consecutive words (the whole text when it is shorter)."""
    if len(tokens) < size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def _hash32(shingle: str) -> int:
    return int.from_bytes(hashlib.blake2b(shingle.encode(), digest_size=4).digest(), "little")


def signature(shingle_set: Iterable[str]) -> np.ndarray:
    """The MinHash signature (``NUM_PERM`` uint32 values) of a set of shingles; all-max when empty."""
    values = np.fromiter((_hash32(s) for s in shingle_set), dtype=np.uint64)
    if values.size == 0:
        return np.full(NUM_PERM, _MAX_HASH, dtype=np.uint32)
    # (a*x + b) mod p for every permutation and shingle at once, with a and b drawn below p: a*x
    # wraps at 2^64 first (as datasketch does); with a < 2^32 instead, a*x mod p would be nearly
    # linear in x and every permutation would pick the same small shingles.
    with np.errstate(over="ignore"):
        hashed = (np.outer(_A, values) + _B[:, None]) % np.uint64(_PRIME)
    return (hashed.min(axis=1) & np.uint64(_MAX_HASH)).astype(np.uint32)


def text_signature(*parts: str) -> np.ndarray:
    """The signature of an item's texts (title, summary, body as plain text) taken together."""
    return signature(shingles(words(" ".join(parts))))


def band_keys(sig: np.ndarray) -> list[int]:
    """One signed 63-bit key per band (band number mixed in, so equal values in different bands differ)."""
    keys = []
    for band in range(BANDS):
        chunk = sig[band * ROWS : (band + 1) * ROWS].astype("<u4").tobytes()
        digest = hashlib.blake2b(bytes([band]) + chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little") >> 1)  # fits PostgreSQL's bigint
    return keys


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """The estimated Jaccard similarity of two signatures: the share of positions where they agree."""
    return float(np.count_nonzero(a == b)) / NUM_PERM


def to_bytes(sig: np.ndarray) -> bytes:
    return sig.astype("<u4").tobytes()


def from_bytes(raw: bytes) -> np.ndarray:
    return np.frombuffer(bytes(raw), dtype="<u4").astype(np.uint32)


def shared_words(text: str, other: str, size: int = SHINGLE_WORDS) -> list[tuple[str, bool]]:
    """``text`` cut into pieces, each marked True when it lies in a run of ``size`` words that
    ``other`` also has (compared folded), for highlighting the shared passages. Joining the pieces
    gives ``text`` back."""
    theirs = shingles(words(other), size)
    pieces = re.split(r"(\w+)", text)  # odd positions are words, even ones what lies between
    tokens = [fold(pieces[i]) for i in range(1, len(pieces), 2)]
    marked = [False] * len(tokens)
    for i in range(len(tokens) - size + 1):
        if " ".join(tokens[i : i + size]) in theirs:
            for j in range(i, i + size):
                marked[j] = True
    out: list[tuple[str, bool]] = []
    for index, piece in enumerate(pieces):
        if index % 2:
            flag = marked[index // 2]
        else:
            # Spaces between two marked words belong to the passage.
            before, after = index // 2 - 1, index // 2
            flag = before >= 0 and after < len(marked) and marked[before] and marked[after]
        if piece:
            if out and out[-1][1] == flag:
                out[-1] = (out[-1][0] + piece, flag)
            else:
                out.append((piece, flag))
    return out
