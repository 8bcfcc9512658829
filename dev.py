#!/usr/bin/env python3
"""The portal's two set-up commands, with nothing but Python 3.11 on the machine.

    python3 dev.py run     install the runtime packages into .venv, migrate, load the demo data, serve on
                           127.0.0.1:8000
    python3 dev.py test    install the runtime and development packages into .venv and run the whole test
                           suite in parallel (extra arguments go to pytest; `-n 0` runs it in one process)

`run` installs requirements.lock; `test` installs requirements-dev.lock (which includes it). Installing is
skipped when the lock (and the locks it includes) has not changed since its last install.
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
RUNTIME_LOCK = ROOT / "requirements.lock"
DEV_LOCK = ROOT / "requirements-dev.lock"
ADDRESS = "127.0.0.1:8000"


def say(message: str) -> None:
    print(f"==> {message}", flush=True)


def lock_files(lock: Path) -> list[Path]:
    """The lock and the locks it includes (``-r other.lock`` lines), in the order pip reads them."""
    files = [lock]
    for line in lock.read_text().splitlines():
        if line.startswith("-r "):
            files += lock_files(lock.parent / line[3:].strip())
    return files


def stamp_of(lock: Path) -> Path:
    return VENV / f".{lock.name}.sha256"


def digest_of(lock: Path) -> str:
    digest = hashlib.sha256()
    for path in lock_files(lock):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def ensure_environment(lock: Path) -> None:
    if sys.version_info[:2] != (3, 11):
        sys.exit(f"The portal needs Python 3.11; this is {sys.version.split()[0]}.")
    if not PYTHON.exists():
        say("Creating the virtual environment in .venv")
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp, digest = stamp_of(lock), digest_of(lock)
    if stamp.exists() and stamp.read_text().strip() == digest:
        return
    say(f"Installing the pinned packages ({lock.name})")
    pip = [str(PYTHON), "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "install", "-r", str(lock)], check=True)
    # What the lock includes is installed too: stamp it, so `run` after `test` installs nothing.
    for included in lock_files(lock):
        stamp_of(included).write_text(digest_of(included))


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([str(PYTHON), "manage.py", *args], cwd=ROOT, env=env, check=True)


def run() -> None:
    ensure_environment(RUNTIME_LOCK)
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
    ensure_environment(DEV_LOCK)
    # One pytest-xdist worker per core; a later `-n N` in the arguments wins.
    return subprocess.run([str(PYTHON), "-m", "pytest", "-n", "auto", *args], cwd=ROOT).returncode


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in {"run", "test"}:
        sys.exit(__doc__)
    if sys.argv[1] == "run":
        run()
    else:
        sys.exit(test(sys.argv[2:]))


if __name__ == "__main__":
    main()
