from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

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
