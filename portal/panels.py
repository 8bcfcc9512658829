"""A home-page panel: each app offers the panels its data makes for a user (``<app>/panels.py``
with ``panels_for(user) -> list[Panel]``); the home page lays them out."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Panel:
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100
    width: str = "col-12 col-lg-6"
