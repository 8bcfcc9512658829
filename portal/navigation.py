"""The main navigation: which role sees which link.

Each entry names the same group of ``portal.roles`` as its view's guard
(``tests/portal/test_navigation.py`` checks every entry against its view). The server enforces
every permission on its own; this only shows each role what it may do.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal import roles
from portal.models import User


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str
    group: frozenset[str]


NAV_ITEMS = [
    NavItem("home:home", _("Home"), roles.EVERYONE),
    NavItem("submissions:item_list", _("Our items"), roles.UNIT),
    NavItem("submissions:item_create", _("New item"), roles.UNIT),
    NavItem("submissions:review_queue", _("Review queue"), roles.QUEUE_READERS),
    NavItem("schedule:year", _("Column schedule"), roles.EVERYONE),
    NavItem("schedule:plan_list", _("Plans"), roles.DEPARTMENT),
    NavItem("emulation:my_unit", _("Our quota"), roles.UNIT),
    NavItem("emulation:dashboard", _("Emulation"), roles.DASHBOARD),
    NavItem("units:unit_list", _("Units"), roles.EVERYONE),
    NavItem("portal:invite", _("Accounts"), roles.ADMINS),
    # Wards, communes and member organizations: their plans, activities and periodic reports.
    NavItem("reports:overview", _("Reports"), roles.UNIT | roles.COMMITTEE_WIDE),
]


def nav_for(user: User) -> list[dict]:
    return [
        {"url": reverse(item.url_name), "label": item.label, "name": item.url_name}
        for item in NAV_ITEMS
        if roles.in_group(user, item.group)
    ]
