import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import translation

from home.demo_data import load_demo


class Command(BaseCommand):
    help = "Load the demo committees, units, the 2023 plan and demo accounts (safe to run again)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--quiet-logins", action="store_true", help="Do not list the demo accounts.")

    def handle(self, *args, quiet_logins: bool = False, **options) -> None:
        # The demo's review steps notify people; nobody should get those emails (or see them on the console).
        settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
        with translation.override("vi"):
            result = load_demo()
        # The demo's photos get their renditions now, not from the first visitor: wait for what the
        # uploads queued (in the embedded default, a background thread), then make any still missing.
        from portal.background import wait_idle
        from submissions.models import Photo

        wait_idle()
        if Photo.objects.exists():
            call_command("make_renditions", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        if quiet_logins:
            return
        self.stdout.write(f"Demo accounts (password for all: {result.password}):")
        for i, (username, what) in enumerate(result.logins):
            if i in result.headings:
                self.stdout.write(f"  {result.headings[i]}:")
            self.stdout.write(f"    {username:<30} {what}")
