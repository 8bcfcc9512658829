from importlib import import_module

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from portal import fragments, roles, writes
from portal.access import role_required
from portal.panels import Panel

# The apps whose panels make up the role home pages, lowest layer first.
PANEL_MODULES = ["schedule.panels", "submissions.panels", "emulation.panels", "reports.panels"]


def panels_for(user) -> list[Panel]:
    panels: list[Panel] = []
    for name in PANEL_MODULES:
        panels.extend(import_module(name).panels_for(user))
    return sorted(panels, key=lambda p: p.order)


def panels_html(user) -> str:
    """The user's panels, rendered; kept in the cache until a table they read is written or the day
    changes (deadlines count days). The panels read no request (no form, no CSRF token)."""
    today = timezone.localdate()
    return writes.cached_for(
        f"home:panels:{user.pk}:{user.role}:{user.unit_id}:{today.isoformat()}",
        writes.of_apps(*fragments.PORTAL_APPS),
        lambda: fragments.compact(render_to_string("home/_panels.html", {"panels": panels_for(user)})),
        timeout=fragments.SECONDS,
    )


@role_required(roles.EVERYONE)
@fragments.cached_page(lambda request: request.user.pk)
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home/home.html", {"panels_html": mark_safe(panels_html(request.user))})
