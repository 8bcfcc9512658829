import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REQUIRE_SERVICES

ROOT = Path(__file__).resolve().parents[2]


def test_docker_compose_file_validates_with_every_production_service():
    if not shutil.which("docker-compose"):
        if REQUIRE_SERVICES:
            pytest.fail("docker-compose is not installed (apt-get install docker-compose)")
        pytest.skip("docker-compose is not installed")
    result = subprocess.run(
        ["docker-compose", "config", "--services"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert set(result.stdout.split()) >= {"db", "redis", "web", "worker", "beat", "migrate"}
