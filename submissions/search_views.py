"""The public site's unit picker: the committee's units with published items, matched without tones
or case (``portal.search``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from portal import search
from portal.models import Unit
from submissions import selectors


@require_GET
def public_unit_search(request: HttpRequest, committee: Unit) -> HttpResponse:
    return search.unit_picker_response(request, selectors.public_units(committee))
