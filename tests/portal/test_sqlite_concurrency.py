"""The quick start's SQLite never answers "database is locked" (issue 12, part 9): the portal's
settings open SQLite transactions IMMEDIATE with a busy timeout (and WAL), so two writers at once
queue behind each other. Run in a subprocess with the portal's own settings on a file database,
and once with SQLite's defaults to show the same workload does fail there."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r"""
import json, os, sys, threading, time
sys.path.insert(0, os.getcwd())
import portal.settings as portal_settings
options = portal_settings.DATABASES["default"]["OPTIONS"]
if sys.argv[1] == "sqlite-defaults":
    options.clear()
os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
import django
django.setup()
from django.db import connection, connections, transaction

with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)")
    cursor.execute("INSERT INTO counter (id, n) VALUES (1, 0)")
    mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
connection.close()
errors, start = [], threading.Barrier(2)

def writer():
    start.wait()
    for _ in range(40):
        try:
            # Read, then write, in one transaction: what a form save or a service does.
            with transaction.atomic(), connection.cursor() as cursor:
                n = cursor.execute("SELECT n FROM counter WHERE id = 1").fetchone()[0]
                time.sleep(0.002)
                cursor.execute("UPDATE counter SET n = %s WHERE id = 1", [n + 1])
        except Exception as exc:
            errors.append(str(exc))
    connections.close_all()

threads = [threading.Thread(target=writer) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
with connection.cursor() as cursor:
    n = cursor.execute("SELECT n FROM counter WHERE id = 1").fetchone()[0]
print(json.dumps({"errors": errors, "count": n, "journal_mode": mode}))
"""


def _run(tmp_path: Path, variant: str) -> dict:
    db = tmp_path / f"{variant}.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "DJANGO_DEBUG": "1",
        "REDIS_URL": "",
        "CELERY_BROKER_URL": "",
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, variant], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_two_writers_at_once_on_the_quick_starts_sqlite_never_see_database_is_locked(tmp_path):
    portal = _run(tmp_path, "portal")
    assert portal["errors"] == []
    assert portal["count"] == 80  # every write made it, none lost
    assert portal["journal_mode"] == "wal"

    defaults = _run(tmp_path, "sqlite-defaults")  # the same workload with SQLite's deferred transactions
    assert any("database is locked" in e for e in defaults["errors"]), defaults
