"""The health check of the containers that serve no HTTP (beat, and the web check's twin): print the
health report and exit 1 when a part fails or, with ``--beat-max-age``, when beat has not ticked lately."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from portal.health import report


class Command(BaseCommand):
    help = "Print the health report (database, Redis, last beat tick); exit 1 when something fails."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--beat-max-age", type=float, default=None, help="Fail when beat's last tick is older (seconds)."
        )

    def handle(self, *args, beat_max_age: float | None, **options) -> None:
        data = report()
        self.stdout.write(json.dumps(data))
        if data["status"] != "ok":
            raise CommandError("unhealthy: " + ", ".join(f"{k}={data[k]}" for k in ("database", "redis")))
        if beat_max_age is not None:
            age = data["beat"]["age_seconds"]
            if age is None or age > beat_max_age:
                raise CommandError(f"beat has not ticked in the last {beat_max_age:g} s (last tick: {age} s ago)")
