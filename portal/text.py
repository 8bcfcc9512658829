"""Text as Vietnamese people type it when they search: without tones, without case.

``fold`` is the one normalisation of the portal's search. It fills the stored folded columns
(``Submission.title_folded``/``body_folded``, ``Unit.name_folded``) and normalises every query, so
"ke sach", "KE SACH" and "Kế Sách" are the same text, on PostgreSQL and on SQLite alike (the
databases only compare folded text with folded text; neither needs ``unaccent``).
"""

from __future__ import annotations

import unicodedata

# Letters that are not a base letter plus combining marks in Unicode: "đ" is its own letter, and
# some keyboards type the look-alike Icelandic "ð"/"Ð" for it.
_LETTERS = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})


def fold(text: str | None) -> str:
    """``text`` decomposed (NFD), without combining marks (tones, hats, horns), "đ" as "d",
    case-folded, with runs of white space as one space and none at the ends."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.translate(_LETTERS))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())
