"""The main navigation: which role sees which link. Links whose URL does not exist (yet) are left out.

The server enforces every permission on its own; this only shows each role what it may do.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from portal import roles
from portal.models import Role, User

UNIT = (Role.CORRESPONDENT, Role.UNIT_LEAD)
EDITORIAL = (Role.EDITOR, Role.ADMIN)
DEPARTMENT = (Role.PROPAGANDA, Role.ADMIN)
STAFF = (Role.EDITOR, Role.PROPAGANDA, Role.ADMIN)


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str
    roles: tuple[str, ...]


NAV_ITEMS = [
    NavItem("home:home", _("Home"), (*UNIT, *STAFF)),
    NavItem("submissions:item_list", _("Our items"), UNIT),
    NavItem("submissions:item_create", _("New item"), UNIT),
    NavItem("submissions:review_queue", _("Review queue"), (*EDITORIAL, Role.PROPAGANDA)),
    NavItem("schedule:year", _("Column schedule"), (*UNIT, *STAFF)),
    NavItem("schedule:plan_list", _("Plans"), DEPARTMENT),
    NavItem("emulation:my_unit", _("Our quota"), UNIT),
    NavItem("emulation:dashboard", _("Emulation"), (*DEPARTMENT, Role.EDITOR)),
    NavItem("units:unit_list", _("Units"), DEPARTMENT),
    NavItem("portal:invite", _("Accounts"), (Role.ADMIN,)),
    # Wards, communes and member organizations: their plans, activities and periodic reports.
    NavItem("reports:overview", _("Reports"), tuple(roles.UNIT | roles.COMMITTEE_WIDE)),
]


def nav_for(user: User) -> list[dict]:
    if not user.is_authenticated:
        return []
    role = Role.ADMIN if user.is_superuser else user.role
    items = []
    for item in NAV_ITEMS:
        if role not in item.roles:
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": item.label, "name": item.url_name})
    return items
