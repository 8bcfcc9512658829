import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _start(env_overrides: dict[str, str]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update({"DJANGO_SETTINGS_MODULE": "portal.settings", **env_overrides})
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_settings_refuse_to_start_without_a_secret_key_when_debug_is_off():
    result = _start({"DJANGO_ALLOWED_HOSTS": "portal.example.vn"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_settings_refuse_to_start_without_allowed_hosts_when_debug_is_off():
    result = _start({"DJANGO_SECRET_KEY": "x" * 50})
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS is not set" in result.stderr


def test_settings_start_with_both_set():
    result = _start({"DJANGO_SECRET_KEY": "x" * 50, "DJANGO_ALLOWED_HOSTS": "portal.example.vn"})
    assert result.returncode == 0, result.stderr


def test_the_local_run_starts_without_configuration():
    result = _start({"DJANGO_DEBUG": "1"})
    assert result.returncode == 0, result.stderr


def test_database_url_switches_to_postgresql():
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(DJANGO_SETTINGS_MODULE="portal.settings", DJANGO_DEBUG="1", DATABASE_URL="postgres://u@127.0.0.1:5432/x")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert out.stdout.strip() == "django.db.backends.postgresql"
