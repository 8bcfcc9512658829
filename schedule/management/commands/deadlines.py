"""Print a year's twelve coordination deadlines.

    python manage.py deadlines 2023 --format json
    [{"year": 2023, "month": 2, "deadline": "2023-02-03"}, ...]

With ``--committee CODE`` (default: the first committee, if there is one) the committee's calendar
entries and its plan's settings (coordination day, whether holidays move the deadline) apply;
with no committee in the database, the plan's plain rule does.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from portal.models import Unit
from schedule.selectors import calendar_for, plan_of_year
from schedule.workdays import WorkingCalendar


class Command(BaseCommand):
    help = "Print the twelve coordination deadlines of YEAR."

    def add_arguments(self, parser) -> None:
        parser.add_argument("year", type=int)
        parser.add_argument("--format", choices=["json", "text"], default="text")
        parser.add_argument("--committee", help="Code of the committee (default: the first one).")

    def handle(self, *args, year: int, format: str, committee: str | None, **options) -> None:
        if not 1900 <= year <= 2999:
            raise CommandError("YEAR must be between 1900 and 2999.")
        calendar, day, holidays_move = self._rules(year, committee)
        if format == "json":
            rows = [
                {"year": year, "month": month, "deadline": deadline.isoformat()}
                for month, deadline in calendar.coordination_deadlines(year, day=day, holidays_move=holidays_move)
            ]
            self.stdout.write(json.dumps(rows))
            return
        for month, deadline in calendar.coordination_deadlines(year, day=day, holidays_move=holidays_move):
            self.stdout.write(f"{month:>2}/{year}  {deadline:%d/%m/%Y}  {deadline:%A}")

    def _rules(self, year: int, code: str | None) -> tuple[WorkingCalendar, int, bool]:
        committees = Unit.objects.filter(parent__isnull=True).order_by("sort_order", "pk")
        if code:
            committee = committees.filter(code=code).first()
            if committee is None:
                raise CommandError(f"No committee with code {code!r}.")
        else:
            committee = committees.first()
        if committee is None:
            return WorkingCalendar.build(), 5, False
        plan = plan_of_year(committee, year)
        if plan is None:
            return calendar_for(committee), 5, False
        return calendar_for(committee), plan.coordination_day, plan.holidays_move_deadline
