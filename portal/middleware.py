from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import translation

from portal.models import SecurityPolicy

# The only pages a user who must set up two-factor authentication can reach: allauth's TOTP set-up
# (and the password prompt it asks first), signing out, and switching the language. Everything
# else, the invitation page and the Django admin included, waits until the authenticator is set
# up. Named by URL name, not by path prefix: a prefix such as "/accounts/" also covered the
# portal's own invitation page (a side door that created a superuser).
MFA_SETUP_URL_NAMES = frozenset({"mfa_activate_totp", "account_reauthenticate", "account_logout", "set_language"})


class RequireTwoFactorMiddleware:
    """Send editors and administrators to the authenticator set-up page when the security policy
    requires two-factor authentication and they have not set it up yet."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        # The cached policy first: resolving the path again costs more, and most roles need no authenticator.
        if (
            user.is_authenticated
            and SecurityPolicy.current().requires_mfa(user)
            and not _is_mfa_setup_page(request)
            and not _has_totp(user)
        ):
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


def _is_mfa_setup_page(request: HttpRequest) -> bool:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.view_name in MFA_SETUP_URL_NAMES


def _has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class UserLanguageMiddleware:
    """A signed-in user's chosen language wins over the browser's, unless a language cookie is set."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings

        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Send the Content-Security-Policy and the Permissions-Policy of the settings on every answer
    (Django 5.2 has no CSP of its own). A view that already set a header keeps it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        from django.conf import settings

        self.get_response = get_response
        self.headers = {
            "Content-Security-Policy": settings.PORTAL_CONTENT_SECURITY_POLICY,
            "Permissions-Policy": settings.PORTAL_PERMISSIONS_POLICY,
        }

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        for name, value in self.headers.items():
            if value:
                response.headers.setdefault(name, value)
        return response
