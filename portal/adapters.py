from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse

from portal import audit, signin


class PortalAccountAdapter(DefaultAccountAdapter):
    """Accounts come from administrators or invitations: nobody signs up on their own. Failed
    sign-ins are counted per account and per client address (``portal.signin``) and recorded."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        return signin.attempts_key(_typed_login(credentials))

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        login = _typed_login(credentials)
        account = signin.account_for_login(login)
        if signin.address_blocked(request, account):
            audit.record(
                event=audit.Event.SIGN_IN_BLOCKED, actor=None, target=account,
                summary=f"address limit: {login}"[:500], details={"login": login[:150], "limit": "address"},
            )  # fmt: skip
            raise self.validation_error("too_many_login_attempts")
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            audit.record(
                event=audit.Event.SIGN_IN_BLOCKED, actor=None, target=account,
                summary=f"account limit: {login}"[:500], details={"login": login[:150], "limit": "account"},
            )  # fmt: skip
            raise

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        login = _typed_login(credentials)
        signin.count_address_failure(request)
        audit.record(
            event=audit.Event.SIGN_IN_FAILED, actor=None, target=signin.account_for_login(login),
            summary=login[:500], details={"login": login[:150]},
        )  # fmt: skip

    def post_login(self, request: HttpRequest, user, **kwargs: Any) -> HttpResponse:
        response = super().post_login(request, user, **kwargs)
        signin.remember_browser(request, response, user)
        return response


def _typed_login(credentials: dict[str, Any]) -> str:
    return str(credentials.get("email") or credentials.get("username") or "")
