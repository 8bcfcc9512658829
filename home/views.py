from importlib import import_module

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from portal import fragments, roles
from portal.access import role_required
from portal.panels import Panel

# The apps whose panels make up the role home pages, lowest layer first.
PANEL_MODULES = ["schedule.panels", "submissions.panels", "emulation.panels", "reports.panels"]


def panels_for(user) -> list[Panel]:
    panels: list[Panel] = []
    for name in PANEL_MODULES:
        panels.extend(import_module(name).panels_for(user))
    return sorted(panels, key=lambda p: p.order)


@role_required(roles.EVERYONE)
@fragments.cached_page(lambda request: request.user.pk)
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home/home.html", {"panels": panels_for(request.user)})
