from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Units and accounts")

    def ready(self) -> None:
        from allauth.account.signals import password_reset

        from portal.receivers import mark_invitation_accepted

        password_reset.connect(mark_invitation_accepted, dispatch_uid="portal-invitation-accepted")
