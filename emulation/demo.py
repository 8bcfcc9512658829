"""Demo tallies: what the nightly and close jobs would have stored by now, computed from the demo
items (nothing is invented here). Idempotent, like the jobs themselves."""

from __future__ import annotations

from emulation import services


def load_demo_tallies() -> None:
    services.freeze_closed_months()
    services.refresh_open_months()
