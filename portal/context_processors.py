from django.conf import settings
from django.http import HttpRequest

from portal import fragments
from portal.access import committee_for
from portal.navigation import navbar_html


def portal(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    authenticated = user is not None and user.is_authenticated
    context = {
        "PORTAL_NAME": settings.PORTAL_NAME,
        "current_committee": committee_for(user) if authenticated else None,
        # Rendered only when a template shows it (a callable: the template calls it), mostly from the cache.
        "navbar_html": lambda: navbar_html(request),
        "TIME_ZONE_NAME": settings.TIME_ZONE,
        # What the server takes in one form (the page checks before sending: portal/actions.js).
        "POST_LIMITS": f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE},{settings.DATA_UPLOAD_MAX_NUMBER_FIELDS}",
    }
    if request.__dict__.get("_portal_making_page"):  # a whole page made for the cache (fragments.cached_page)
        context.update(fragments.MARKS, messages_mark=fragments.MESSAGES_MARK)
    return context
