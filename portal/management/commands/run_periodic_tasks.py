"""The embedded scheduler: with no Celery broker configured, run the periodic tasks of
``portal.periodic`` in this process, the way beat and a worker would. The tasks are idempotent,
so a restart that runs one again does no harm."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from portal.celery_app import app
from portal.periodic import BEAT_SCHEDULE


class Command(BaseCommand):
    help = "Run the periodic tasks in-process (for the local run without Redis)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--tick", type=float, default=30.0, help="Seconds between checks.")
        parser.add_argument("--once", action="store_true", help="Run every periodic task once now and stop.")

    def handle(self, *args, tick: float, once: bool, **options) -> None:
        app.loader.import_default_modules()
        schedule = BEAT_SCHEDULE
        if once:
            for name, entry in schedule.items():
                self._run(name, entry)
                self.stdout.write(f"ran {name}")
            return
        last_run = {name: timezone.now() for name in schedule}
        self.stdout.write(f"Embedded scheduler: {len(schedule)} periodic task(s).")
        while True:
            for name, entry in schedule.items():
                due, _next = entry["schedule"].is_due(last_run[name])
                if due:
                    last_run[name] = timezone.now()
                    self._run(name, entry)
            time.sleep(tick)

    def _run(self, name: str, entry: dict) -> None:
        try:
            app.tasks[entry["task"]].apply(args=entry.get("args", ()), kwargs=entry.get("kwargs", {}))
        except Exception as exc:  # one failing task must not stop the others
            self.stderr.write(f"{name} failed: {exc!r}")
