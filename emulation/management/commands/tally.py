"""``manage.py tally YEAR MONTH [--format json] [--committee CODE]``: a month's quota tally.

Prints, for the quota units that existed that month, the published news items and articles that
count toward it (frozen figures once the month is frozen), whether the quota is met, and whether
the month is frozen. Without ``--committee`` every committee with a plan for that month is listed.
"""

from __future__ import annotations

import datetime
import json

from django.core.management.base import BaseCommand, CommandError

from emulation.scoring import month_end
from emulation.selectors import month_rows
from portal.models import Unit
from schedule.models import Plan


class Command(BaseCommand):
    help = "Print a month's quota tally per unit (frozen figures when the month is frozen)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("year", type=int)
        parser.add_argument("month", type=int)
        parser.add_argument("--format", choices=["json", "text"], default="text")
        parser.add_argument("--committee", help="The committee's unit code (default: every committee).")

    def handle(self, *args, year: int, month: int, format: str, committee: str | None, **options) -> None:
        if not 1 <= month <= 12:
            raise CommandError("MONTH must be between 1 and 12.")
        first = datetime.date(year, month, 1)
        # Only committees' own plans: a ward's plan is never its committee's plan of the month.
        plans = Plan.objects.committee_own().filter(period_start__lte=month_end(first), period_end__gte=first)
        if committee:
            root = Unit.objects.filter(code=committee, parent__isnull=True).first()
            if root is None:
                raise CommandError(f"No committee with code {committee!r}.")
            plans = plans.filter(committee=root)
        # One plan per committee: the latest whose period covers the month.
        chosen: dict[int, Plan] = {}
        for plan in plans.order_by("committee_id", "-period_start", "-pk"):
            chosen.setdefault(plan.committee_id, plan)
        rows = [row for plan in chosen.values() for row in month_rows(plan, first)]
        if format == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        for row in rows:
            mark = "frozen" if row["frozen"] else "open"
            met = "met" if row["compliant"] else "not met"
            self.stdout.write(
                f"{row['unit']:<30} news {row['news']:>3}  articles {row['articles']:>3}  {met:<8} {mark}"
            )
