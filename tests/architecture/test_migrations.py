"""The migrations describe the models exactly.

The suite builds its test databases straight from the models (``--nomigrations`` in pyproject.toml: a
few seconds less for every pytest-xdist worker), so this test is what stops a model change without its
migration; ``dev.py run``, the image and compose's ``migrate`` service apply the migrations themselves.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_model_change_has_its_migration():
    # A separate process: inside the suite, --nomigrations hides every app's migrations from Django.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "DATABASE_URL": "sqlite://:memory:"}
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, "a model changed without its migration:\n" + result.stdout + result.stderr
