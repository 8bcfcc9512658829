from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class PortalAccountAdapter(DefaultAccountAdapter):
    """Accounts come from administrators or invitations: nobody signs up on their own."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False
