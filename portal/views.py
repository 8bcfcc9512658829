from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.views import defaults

from portal import roles, services
from portal.access import committee_of, get_unit_for_user, role_required, visible_units
from portal.forms import InvitationForm, PreferencesForm
from portal.models import Invitation


@role_required(roles.ADMINS)
def invite(request: HttpRequest) -> HttpResponse:
    committee = committee_of(request.user)
    form = InvitationForm(request.POST or None, committee=committee)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        invitation = services.account_invite(
            by=request.user,
            username=data["username"],
            email=data["email"],
            role=data["role"],
            unit=data["unit"],
            committee=committee,
            first_name=data["first_name"],
            last_name=data["last_name"],
        )
        messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.user.email})
        return redirect("portal:invite")
    invitations = Invitation.objects.filter(user__committee=committee).select_related("user", "invited_by")
    invitations = invitations.order_by("-created_at")
    return render(request, "portal/invite.html", {"form": form, "invitations": invitations[:50]})


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    form = PreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.user_preferences_update(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your preferences were saved."))
        response = redirect("portal:preferences")
        # The chosen language wins from now on, also over an older language cookie.
        response.delete_cookie("django_language")
        return response
    return render(request, "portal/preferences.html", {"form": form})


@role_required(roles.EVERYONE)
def unit_list(request: HttpRequest) -> HttpResponse:
    """The units a person may open; ``q`` finds units by name without tones or case (and, with
    ``format=json``, answers the unit pickers of the portal's filters)."""
    from portal import search

    units = visible_units(request.user)
    q = request.GET.get("q", "")[:100]
    if request.GET.get("format") == "json":
        return search.unit_picker_response(request, units, short=request.GET.get("short") == "1")
    count_label = ""
    if q.strip():
        units = search.units_matching(units, q)
        count_label = search.result_count_label(units.count())
    units = units.select_related("parent").order_by("sort_order", "name")
    return render(request, "portal/unit_list.html", {"units": units, "q": q, "count_label": count_label})


@role_required(roles.EVERYONE)
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_unit_for_user(request.user, code)
    context = {
        "unit": unit,
        "children": unit.children.order_by("sort_order", "name"),
        "members": unit.members.filter(is_active=True).order_by("role", "username"),
        "changes": unit.changes.select_related("created_by")[:50],
        "merged_units": unit.merged_units.all(),
    }
    return render(request, "portal/unit_detail.html", context)


def healthz(request: HttpRequest) -> HttpResponse:
    """The health report (database, Redis, last beat tick) as JSON; 503 when the database or Redis fails.
    ``portal.health.HealthCheckMiddleware`` answers it first, whatever the Host header."""
    from portal import health

    return health.healthz(request)


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    from portal.notifications import mark_read

    if request.method == "POST":
        mark_read(user=request.user)
        return redirect("portal:notifications")
    items = request.user.notifications.select_related("actor")[:100]
    return render(request, "portal/notifications.html", {"notifications": items})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form whose CSRF check failed (the page was open too long, or the person signed out or in on
    another tab): 403 in the portal's layout, with the way back to their own home page."""
    return render(request, "403_csrf.html", status=403)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """400, in the portal's layout. A form too large to take (more text than
    ``DATA_UPLOAD_MAX_MEMORY_SIZE``, more fields than ``DATA_UPLOAD_MAX_NUMBER_FIELDS``) is not a
    bad request but a person who pasted too much: they get the same page again, nothing saved, with
    a message saying so (413). The page's script (portal/actions.js) stops such a form before it is
    sent, so what was typed stays in the browser; this is the answer when script is off."""
    if isinstance(exception, RequestDataTooBig | TooManyFieldsSent) and request.method == "POST":
        response = _same_page_again(request)
        if response is not None:
            return response
    return defaults.bad_request(request, exception)


def _same_page_again(request: HttpRequest) -> HttpResponse | None:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    request.method = "GET"
    request._post, request._files = QueryDict(), MultiValueDict()
    messages.error(
        request,
        _(
            "What you sent was too large for the portal (at most %(size)s MB of text, or %(fields)s fields), so "
            "nothing was saved. Shorten the text or remove pasted pictures, then send it again."
        )
        % {
            "size": settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024),
            "fields": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
        },
    )
    try:
        response = match.func(request, *match.args, **match.kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
    except Exception:  # the page itself cannot be drawn: the plain 400 page says enough
        return None
    if response.status_code != 200:
        return None
    response.status_code = 413
    return response
