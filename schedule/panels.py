"""Home-page panels of this app (see portal.panels)."""

from portal.models import User
from portal.panels import Panel


def panels_for(user: User) -> list[Panel]:
    return []
