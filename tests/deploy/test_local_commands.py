"""The commands a local user runs: `python3 dev.py manage ...` in the set-up of `dev.py run`, the README's
command table as written, and one line (no traceback) when a production setting is missing."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.deploy.shape import ROOT

pytestmark = pytest.mark.xdist_group("local-commands")  # one migrated SQLite file for the module


def _clean_env() -> dict[str, str]:
    # The local set-up of a fresh clone: no DJANGO_* variables, SQLite, no broker.
    drop = ("DJANGO_", "DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL")
    return {k: v for k, v in os.environ.items() if not k.startswith(drop)}


@pytest.fixture(scope="module")
def local_db(tmp_path_factory) -> Path:
    """What `python3 dev.py run` leaves behind (migrated SQLite, the demo), in a file of this test's own."""
    path = tmp_path_factory.mktemp("local") / "db.sqlite3"
    for args in (["migrate", "--no-input", "-v", "0"], ["load_demo", "--quiet-logins", "-v", "0"]):
        result = dev_manage(*args, database=path)
        assert result.returncode == 0, result.stderr
    return path


def dev_manage(*args: str, database: Path | None = None) -> subprocess.CompletedProcess:
    env = _clean_env()
    if database:
        env["DATABASE_URL"] = f"sqlite:///{database}"
    return subprocess.run(
        [sys.executable, "dev.py", "manage", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_manage_py_without_configuration_says_what_is_missing_in_one_line():
    result = subprocess.run(
        [sys.executable, "manage.py", "deadlines", "2023"], cwd=ROOT, env=_clean_env(), capture_output=True, text=True
    )
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert "DJANGO_SECRET_KEY is not set" in result.stderr and "Traceback" not in result.stderr


def test_dev_py_manage_runs_a_command_in_the_local_set_up(local_db):
    result = dev_manage("deadlines", "2023", "--format", "json", database=local_db)
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == 12


def test_every_command_of_the_readme_table_runs_as_written(local_db):
    readme = (ROOT / "README.md").read_text()
    table = readme.split("## Commands", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^\| `python3 dev\.py manage (\S+)[^`]*` \|", table, re.M)
    assert len(commands) >= 5, "the README's command table lists the management commands"
    for name in commands:
        result = dev_manage(name, "--help", database=local_db)
        assert result.returncode == 0, f"{name}: {result.stderr}"
    examples = re.findall(r"^\s*python3 dev\.py manage (.+)$", table, re.M)
    assert examples, "the table is followed by examples to copy"
    for example in examples:
        result = dev_manage(*example.split(), database=local_db)
        assert result.returncode == 0, f"{example}: {result.stderr}"
