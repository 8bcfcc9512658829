"""``manage.py seed_activity_forms COMMITTEE YEAR``: give a committee's plan of the year the seven
forms of propaganda of the Sầm Sơn 2023 plan and default report settings (safe to run again)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from portal.models import Unit
from reports.seed import ensure_plan_forms
from schedule.selectors import plan_of_year


class Command(BaseCommand):
    help = "Create the seven activity forms and the report settings of a committee's plan of the year."

    def add_arguments(self, parser) -> None:
        parser.add_argument("committee", help="The committee's unit code, e.g. sam-son.")
        parser.add_argument("year", type=int)

    def handle(self, *args, committee: str, year: int, **options) -> None:
        root = Unit.objects.filter(code=committee, parent__isnull=True).first()
        if root is None:
            raise CommandError(f"No committee with code {committee!r}.")
        plan = plan_of_year(root, year)
        if plan is None:
            raise CommandError(f"{committee} has no plan for {year}.")
        forms = ensure_plan_forms(plan)
        self.stdout.write(f"{plan}: {len(forms)} forms")
