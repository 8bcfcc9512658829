from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Units and accounts")

    def ready(self) -> None:
        from allauth.account.signals import password_reset
        from django.db.models.signals import pre_migrate

        from portal.pg import create_extensions

        pre_migrate.connect(create_extensions, sender=self, dispatch_uid="portal-pg-extensions")
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from portal.receivers import audit_sign_in, audit_sign_out, mark_invitation_accepted

        password_reset.connect(mark_invitation_accepted, dispatch_uid="portal-invitation-accepted")
        # Sign-ins are recorded from the login signals; failures from the account adapter.
        user_logged_in.connect(audit_sign_in, dispatch_uid="portal-audit-sign-in")
        user_logged_out.connect(audit_sign_out, dispatch_uid="portal-audit-sign-out")
        # The unread count in the navigation bar is cached (portal.notifications.unread_count).
        from django.db.models.signals import post_delete, post_save

        from portal.models import Notification
        from portal.notifications import notification_saved

        post_save.connect(notification_saved, sender=Notification, dispatch_uid="portal-unread-saved")
        post_delete.connect(notification_saved, sender=Notification, dispatch_uid="portal-unread-deleted")
        # Every write gives its table a new version, for the fragments cached per table (portal.writes).
        from portal import writes

        writes.connect()
