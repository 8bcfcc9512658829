"""The "Nơi nhận" (recipients) block of a plan as people type it. Plain Python, no Django.

A line such as ``- Ban Thường trực UB MTTQ tỉnh(b/c);`` becomes a recipient named
"Ban Thường trực UB MTTQ tỉnh" that receives reports ("b/c", báo cáo). The filing line
("Lưu ...") is kept like any other line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_REPORTS_MARK = re.compile(r"\(\s*b\s*/\s*c\s*\)", re.IGNORECASE)


@dataclass(frozen=True)
class Recipient:
    name: str
    receives_reports: bool


def parse(text: str) -> list[Recipient]:
    """The recipients of ``text``, one a line; bullets, trailing ";" and "." removed."""
    found: list[Recipient] = []
    for raw in text.splitlines():
        line = raw.strip().lstrip("-–•+*").strip()
        if not line or line.lower().rstrip(":") == "nơi nhận":
            continue
        marked = bool(_REPORTS_MARK.search(line))
        name = _REPORTS_MARK.sub("", line).strip().rstrip(";.,").strip()
        if name:
            found.append(Recipient(name=name, receives_reports=marked))
    return found


def render(recipients: list[Recipient]) -> str:
    """The text a form shows for ``recipients``: the inverse of :func:`parse`."""
    return "\n".join(f"{r.name} (b/c)" if r.receives_reports else r.name for r in recipients)
