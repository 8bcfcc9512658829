from django.conf import settings
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
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        if quiet_logins:
            return
        self.stdout.write(f"Demo accounts (password for all: {result.password}):")
        for i, (username, what) in enumerate(result.logins):
            if i in result.headings:
                self.stdout.write(f"  {result.headings[i]}:")
            self.stdout.write(f"    {username:<30} {what}")
