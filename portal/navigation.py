"""The main navigation: which role sees which link.

Each entry names the same group of ``portal.roles`` as its view's guard
(``tests/portal/test_navigation.py`` checks every entry against its view). The server enforces
every permission on its own; this only shows each role what it may do.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

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


NAVBAR_SECONDS = 3600
_UNREAD_MARK = "@@portal-unread-badge@@"


@cache
def _nav_urls() -> frozenset[str]:
    return frozenset(reverse(item.url_name) for item in NAV_ITEMS)


def navbar_html(request) -> str:
    """The navigation bar of ``request``'s page. A signed-in user's is rendered once per user, language
    and current menu entry, and kept until the user or unit tables are written (``portal.fragments``);
    the unread count (read in the same cache round trip), the CSRF token and the return address are
    put in per request."""
    from django.template.loader import render_to_string
    from django.utils.translation import get_language

    from portal import fragments, versions, writes
    from portal.access import committee_for
    from portal.notifications import unread_count_spec

    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    active = request.path if request.path in _nav_urls() else ""

    def render() -> str:
        context = {
            **fragments.MARKS,
            "user": user,
            "nav_items": nav_for(user) if signed_in else [],
            "current_committee": committee_for(user) if signed_in else None,
            "unread_badge": _UNREAD_MARK,
            "nav_path": active,
        }
        return fragments.compact(render_to_string("includes/navbar.html", context))

    if not signed_in:
        return fragments.fill(request, render().replace(_UNREAD_MARK, ""))
    key = f"navbar:{user.pk}:{active}:{get_language() or ''}"
    navbar = (list(writes.tables("portal_user", "portal_unit")), key, render, NAVBAR_SECONDS)
    unread, html = versions.cached_values([unread_count_spec(user), navbar])
    badge = f' <span class="badge text-bg-light">{int(unread)}</span>' if unread else ""
    return fragments.fill(request, html.replace(_UNREAD_MARK, badge))
