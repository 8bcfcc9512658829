"""The field types an activity form may ask for, and the spec lines the city types to add a form.
Plain Python: no Django.

A field is a dict ``{"name", "label", "type", "required", "choices"?}``. The city types one field a
line as ``name | label | type | required | choice; choice``, e.g.
``attendance | Số người dự | number | yes``.
"""

from __future__ import annotations

import re

TEXT = "text"
LONG_TEXT = "long_text"
DATE = "date"
NUMBER = "number"
YES_NO = "yes_no"
URL = "url"
CHOICE = "choice"
PEOPLE = "people"  # one person a line: name, position (invited experts)
PUBLISHED_ITEM = "published_item"  # a published item of the portal's public news site

TYPES = (TEXT, LONG_TEXT, DATE, NUMBER, YES_NO, URL, CHOICE, PEOPLE, PUBLISHED_ITEM)
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_YES = {"yes", "y", "true", "1", "có", "co", "bắt buộc", "x"}


class SpecError(ValueError):
    """A spec line the parser cannot read; ``line`` is 1-based, ``problem`` a short code."""

    def __init__(self, line: int, problem: str) -> None:
        super().__init__(f"line {line}: {problem}")
        self.line = line
        self.problem = problem  # "columns" | "name" | "type" | "duplicate" | "choices"


def parse_spec(text: str) -> list[dict]:
    """The fields of ``text``, one a line; raises SpecError on the first bad line."""
    fields: list[dict] = []
    seen: set[str] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        parts = [p.strip() for p in raw.split("|")]
        if len(parts) < 3:
            raise SpecError(number, "columns")
        name, label, kind = parts[0], parts[1], parts[2].lower()
        if not _NAME.match(name) or not label:
            raise SpecError(number, "name")
        if kind not in TYPES:
            raise SpecError(number, "type")
        if name in seen:
            raise SpecError(number, "duplicate")
        seen.add(name)
        field: dict = {
            "name": name,
            "label": label,
            "type": kind,
            "required": len(parts) > 3 and parts[3].lower() in _YES,
        }
        if kind == CHOICE:
            choices = [c.strip() for c in (parts[4] if len(parts) > 4 else "").split(";") if c.strip()]
            if not choices:
                raise SpecError(number, "choices")
            field["choices"] = choices
        fields.append(field)
    return fields


def render_spec(fields: list[dict]) -> str:
    """The spec text of ``fields``: the inverse of :func:`parse_spec`."""
    lines = []
    for f in fields:
        parts = [f["name"], f["label"], f["type"], "yes" if f.get("required") else "no"]
        if f.get("choices"):
            parts.append("; ".join(c if isinstance(c, str) else c[1] for c in f["choices"]))
        lines.append(" | ".join(parts))
    return "\n".join(lines)


def choice_pairs(field: dict) -> list[tuple[str, str]]:
    """A choice field's (value, label) pairs; a plain string is both."""
    return [(c, c) if isinstance(c, str) else (c[0], c[1]) for c in field.get("choices", [])]


def number_fields(fields: list[dict]) -> list[dict]:
    return [f for f in fields if f["type"] == NUMBER]
