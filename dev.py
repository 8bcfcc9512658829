#!/usr/bin/env python3
"""The portal's two set-up commands, with nothing but Python 3.11 on the machine.

    python3 dev.py run     install into .venv, migrate, load the demo data, serve on 127.0.0.1:8000
    python3 dev.py test    install into .venv and run the whole test suite (extra arguments go to pytest)

Installing is skipped when requirements.lock has not changed since the last install.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"
LOCK = ROOT / "requirements.lock"
STAMP = VENV / ".requirements.sha256"
ADDRESS = "127.0.0.1:8000"


def say(message: str) -> None:
    print(f"==> {message}", flush=True)


def ensure_environment() -> None:
    if sys.version_info[:2] != (3, 11):
        sys.exit(f"The portal needs Python 3.11; this is {sys.version.split()[0]}.")
    if not PYTHON.exists():
        say("Creating the virtual environment in .venv")
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest = hashlib.sha256(LOCK.read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == digest:
        return
    say("Installing the pinned packages (requirements.lock)")
    pip = [str(PYTHON), "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "install", "-r", str(LOCK)], check=True)
    STAMP.write_text(digest)


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([str(PYTHON), "manage.py", *args], cwd=ROOT, env=env, check=True)


def run() -> None:
    ensure_environment()
    env = {**os.environ, "DJANGO_DEBUG": "1"}
    say("Migrating the database")
    manage("migrate", "--no-input", "-v", "0", env=env)
    say("Loading the demo data")
    manage("load_demo", env=env)
    print(f"\nThe portal is at http://{ADDRESS}/  (sign in at http://{ADDRESS}/accounts/login/)\n", flush=True)
    # The embedded scheduler runs the periodic tasks in-process when no Celery broker is configured.
    scheduler = None
    if not (env.get("REDIS_URL") or env.get("CELERY_BROKER_URL")):
        scheduler = subprocess.Popen([str(PYTHON), "manage.py", "run_periodic_tasks"], cwd=ROOT, env=env)
    try:
        subprocess.run([str(PYTHON), "manage.py", "runserver", ADDRESS], cwd=ROOT, env=env, check=False)
    except KeyboardInterrupt:
        pass
    finally:
        if scheduler is not None:
            scheduler.terminate()


def test(args: list[str]) -> int:
    ensure_environment()
    return subprocess.run([str(PYTHON), "-m", "pytest", *args], cwd=ROOT).returncode


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in {"run", "test"}:
        sys.exit(__doc__)
    if sys.argv[1] == "run":
        run()
    else:
        sys.exit(test(sys.argv[2:]))


if __name__ == "__main__":
    main()
