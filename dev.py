#!/usr/bin/env python3
"""The portal's set-up commands, with nothing but Python (3.11, 3.12 or 3.13) on the machine.

    python3 dev.py run     install the runtime packages into .venv, migrate, load the demo data, serve on
                           127.0.0.1:8000
    python3 dev.py test    install the runtime and development packages into .venv and run the whole test
                           suite in parallel (extra arguments go to pytest; `-n 0` runs it in one process)
    python3 dev.py manage COMMAND [ARGS ...]
                           run a management command in the local set-up of `run` (DEBUG on, SQLite in the
                           project folder unless DATABASE_URL is set), e.g. `python3 dev.py manage deadlines 2023`

`run` installs requirements.lock; `test` installs requirements-dev.lock (which includes it). Installing is
skipped when the lock (and the locks it includes) has not changed since its last install.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"
RUNTIME_LOCK = ROOT / "requirements.lock"
DEV_LOCK = ROOT / "requirements-dev.lock"
ADDRESS = "127.0.0.1:8000"
PYTHONS = ((3, 11), (3, 12), (3, 13))


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


def pinned_count(lock: Path) -> int:
    return sum(
        1 for path in lock_files(lock) for line in path.read_text().splitlines() if "==" in line and line[0] != "#"
    )


def install(lock: Path) -> None:
    """pip install the lock, printing one short progress line per package instead of pip's silence."""
    total = pinned_count(lock)
    pip = [str(PYTHON), "-m", "pip", "--disable-pip-version-check"]
    process = subprocess.Popen(
        [*pip, "install", "--progress-bar", "off", "-r", str(lock)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    seen, tail = 0, []
    for line in process.stdout:
        tail = [*tail[-40:], line]
        if line.startswith(("Collecting ", "Requirement already satisfied: ")):
            seen += 1
            name = line.split()[1] if line.startswith("Collecting") else line.split(":", 1)[1].split()[0]
            print(f"    [{seen}/{total}] {name}", flush=True)
        elif line.startswith("Installing collected packages"):
            print("    installing...", flush=True)
    if process.wait() != 0:
        sys.stderr.write("".join(tail))
        sys.exit(f"Installing {lock.name} failed (pip's last lines above).")


def ensure_environment(lock: Path) -> None:
    if sys.version_info[:2] not in PYTHONS:
        supported = ", ".join(f"{major}.{minor}" for major, minor in PYTHONS)
        sys.exit(f"The portal needs Python {supported}; this is {sys.version.split()[0]}.")
    if VENV.exists() and not PYTHON.exists():
        sys.exit(f"{VENV} is not a virtual environment; remove it and run again.")
    if PYTHON.exists() and venv_version() not in {None, sys.version_info[:2]}:
        say(f"Recreating .venv for Python {sys.version_info[0]}.{sys.version_info[1]}")
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    if not PYTHON.exists():
        say("Creating the virtual environment in .venv")
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp, digest = stamp_of(lock), digest_of(lock)
    if stamp.exists() and stamp.read_text().strip() == digest:
        return
    say(f"Installing the pinned packages ({lock.name}; the first time takes a few minutes)")
    install(lock)
    # What the lock includes is installed too: stamp it, so `run` after `test` installs nothing.
    for included in lock_files(lock):
        stamp_of(included).write_text(digest_of(included))


def venv_version() -> tuple[int, int] | None:
    """The Python version .venv was made with (its pyvenv.cfg), or None when unreadable."""
    cfg = VENV / "pyvenv.cfg"
    if not cfg.exists():
        return None
    for line in cfg.read_text().splitlines():
        key, _, value = line.partition("=")
        if key.strip() in {"version", "version_info"}:
            parts = value.strip().split(".")
            return int(parts[0]), int(parts[1])
    return None


def local_env() -> dict[str, str]:
    """The local set-up: DEBUG on (no secret key or host list needed), SQLite unless DATABASE_URL."""
    return {**os.environ, "DJANGO_DEBUG": "1", "PYTHONUNBUFFERED": "1"}


def manage(*args: str, env: dict[str, str]) -> None:
    """Run a management command; while it is silent, say every 10 seconds that it is still working."""
    started = time.monotonic()
    process = subprocess.Popen([str(PYTHON), "manage.py", *args], cwd=ROOT, env=env)
    while True:
        try:
            returncode = process.wait(timeout=10)
            break
        except subprocess.TimeoutExpired:
            print(f"    ... still working ({time.monotonic() - started:.0f} s)", flush=True)
    if returncode:
        sys.exit(returncode)


def run() -> None:
    ensure_environment(RUNTIME_LOCK)
    env = local_env()
    say("Migrating the database (one line per migration applied)")
    manage("migrate", "--no-input", env=env)
    say("Loading the demo data")
    manage("load_demo", "-v", "2", env=env)
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
    # One pytest-xdist worker per core; a later `-n N` in the arguments wins. Tests of one xdist_group (a module
    # that starts the production shape once) stay on one worker.
    command = [str(PYTHON), "-m", "pytest", "-n", "auto", "--dist", "loadgroup", *args]
    return subprocess.run(command, cwd=ROOT).returncode


def manage_command(args: list[str]) -> int:
    ensure_environment(RUNTIME_LOCK)
    return subprocess.run([str(PYTHON), "manage.py", *args], cwd=ROOT, env=local_env()).returncode


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in {"run", "test", "manage"}:
        sys.exit(__doc__)
    if sys.argv[1] == "run":
        run()
    elif sys.argv[1] == "manage":
        sys.exit(manage_command(sys.argv[2:]))
    else:
        sys.exit(test(sys.argv[2:]))


if __name__ == "__main__":
    main()
