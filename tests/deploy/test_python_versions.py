"""The locks install on every Python the portal accepts (3.11 to 3.13): pip's resolver, run for 3.12 and 3.13
over both locks with binary wheels only, finds every pinned version."""

from __future__ import annotations

import socket
import subprocess
import sys
import tomllib

import pytest

from tests.conftest import _missing
from tests.deploy.shape import ROOT


def _pypi_reachable() -> bool:
    try:
        with socket.create_connection(("pypi.org", 443), timeout=3):
            return True
    except OSError:
        return False


def test_requires_python_and_dev_py_accept_3_11_to_3_13():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.11,<3.14"
    source = (ROOT / "dev.py").read_text()
    assert "PYTHONS = ((3, 11), (3, 12), (3, 13))" in source


@pytest.mark.pypi
@pytest.mark.parametrize("version", ["3.12", "3.13"])
@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-dev.lock"])
def test_every_pin_of_the_lock_has_a_wheel_for(version, lock, tmp_path):
    if not _pypi_reachable():
        _missing("needs PyPI (https://pypi.org) for pip's resolver")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--disable-pip-version-check",
         "--python-version", version, "--only-binary=:all:", "--target", str(tmp_path), "-r", str(ROOT / lock)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Would install" in result.stdout
    pins = {
        line.split("==")[0].lower().replace("_", "-")
        for path in [ROOT / "requirements.lock", ROOT / lock]
        for line in path.read_text().splitlines()
        if "==" in line and not line.startswith("#")
    }
    chosen = result.stdout.split("Would install", 1)[1].lower().replace("_", "-")
    assert all(f"{name}-" in chosen for name in pins), sorted(n for n in pins if f"{n}-" not in chosen)
