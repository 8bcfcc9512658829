"""docker-compose.yml, started the way compose would start it, on a machine without a Docker engine
(tests/deploy/shape.py): the one-shot migrate, then web under gunicorn, the worker and beat, with the
compose file's environment (DEBUG off) and the local PostgreSQL and Redis."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess

import pytest

from tests.conftest import _missing, _reachable, redis_url, wait_for
from tests.deploy.shape import ROOT, Client, Shape, compose_services, read_env_file

# One shape per run: every test of this module on the same xdist worker.
pytestmark = [pytest.mark.compose, pytest.mark.xdist_group("compose")]


def sample_photo() -> bytes:
    """A real photo (scikit-image's astronaut) at 1600 px, as a phone's JPEG."""
    from PIL import Image
    from skimage import data

    image = Image.fromarray(data.astronaut()).resize((1600, 1600), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


@pytest.fixture(scope="module")
def shape(tmp_path_factory):
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres") or not _reachable(database_url, 5432):
        _missing("the compose replay needs PostgreSQL: set DATABASE_URL=postgres://...")
    if not redis_url() or not _reachable(redis_url(), 6379):
        _missing("the compose replay needs Redis: set REDIS_URL=redis://...")
    started = Shape(
        database_url=database_url,
        redis_url=redis_url(),
        workdir=tmp_path_factory.mktemp("compose"),
        overrides={"PORTAL_HEARTBEAT_SECONDS": "3", "GUNICORN_WORKERS": "2", "CELERY_WORKER_CONCURRENCY": "1"},
    )
    try:
        started.start()
        yield started
    finally:
        started.stop()


def test_docker_compose_config_validates_with_the_example_env_file(tmp_path):
    if not shutil.which("docker-compose"):
        _missing("needs docker-compose (.ci/run installs it)")
    for name in ("docker-compose.yml", ".env.example"):
        shutil.copy(ROOT / name, tmp_path / (".env" if name == ".env.example" else name))
    result = subprocess.run(["docker-compose", "config", "-q"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    services = subprocess.run(["docker-compose", "config", "--services"], cwd=tmp_path, capture_output=True, text=True)
    assert set(services.stdout.split()) >= {"db", "redis", "migrate", "web", "worker", "beat"}


def test_the_compose_file_keeps_secrets_in_the_env_file_and_the_port_on_this_machine():
    text = (ROOT / "docker-compose.yml").read_text()
    assert re.findall(r"(?:DJANGO_SECRET_KEY|POSTGRES_PASSWORD): (.*)", text) == [
        "${DJANGO_SECRET_KEY:-}",
        "${POSTGRES_PASSWORD:-}",
    ]
    without_env = compose_services({})
    assert without_env["web"]["environment"]["DJANGO_SECRET_KEY"] == ""
    assert without_env["web"]["ports"] == ["127.0.0.1:8000:8000"]
    example = read_env_file(ROOT / ".env.example")
    services = compose_services(example)
    assert services["web"]["environment"]["DJANGO_SECRET_KEY"] == example["DJANGO_SECRET_KEY"]
    assert example["POSTGRES_PASSWORD"] in services["web"]["environment"]["DATABASE_URL"]
    assert all("healthcheck" in services[name] for name in ("web", "worker", "beat"))
    assert "static" not in str(services["web"].get("volumes"))


def test_web_health_check_passes_and_reports_database_redis_and_beat(shape):
    result = shape.healthcheck("web")
    assert result.returncode == 0, result.stderr
    report = Client(shape.port, host="127.0.0.1").get("/healthz")  # not an allowed host: still answered
    assert report.status == 200
    assert '"database": "ok"' in report.text and '"redis": "ok"' in report.text and '"beat"' in report.text


def test_demo_pages_answer_through_gunicorn_with_debug_off_and_hashed_static_files(shape):
    assert (shape.workdir / "static" / "staticfiles.json").exists()  # the image's manifest
    anonymous = Client(shape.port)
    root = anonymous.get("/")
    assert root.status == 200
    assert anonymous.get("/soc-trang/").status == 200
    assert anonymous.get("/no-such-page/").status == 404
    assert "Traceback" not in anonymous.get("/no-such-page/").text  # DEBUG off
    stylesheets = re.findall(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', root.text)
    assert stylesheets, "pages link hashed static files"
    css = anonymous.get(stylesheets[0])
    assert css.status == 200 and "max-age" in css.headers.get("cache-control", "")
    assert anonymous.get("/accounts/login/").status == 200
    editor = Client(shape.port)
    editor.login("bientap")
    assert editor.get("/review/").status == 200


def test_a_photo_uploaded_from_a_page_is_checked_by_the_worker(shape):
    import psycopg

    from tests.deploy.shape import _replace_db

    correspondent = Client(shape.port)
    correspondent.login("ctv.tp-soc-trang")
    response = correspondent.post(
        "/items/new/",
        {"kind": "news", "title": "Ra quân ngày Chủ nhật xanh", "summary": "Tin ngắn", "body": "Nội dung tin."},
        files={"photo": ("chu-nhat-xanh.jpg", sample_photo(), "image/jpeg")},
    )
    assert response.status == 302, response.text[:2000]
    url = _replace_db(shape.database_url, shape.database_name)

    def checked() -> bool:
        with psycopg.connect(url) as conn:
            row = conn.execute(
                "SELECT deep_checked_at, thumbnail FROM submissions_photo WHERE original_name = %s",
                ["chu-nhat-xanh.jpg"],
            ).fetchone()
        return row is not None and row[0] is not None and bool(row[1])

    wait_for(checked, timeout=60)


def test_beat_ticks_and_its_health_check_passes(shape):
    wait_for(lambda: shape.healthcheck("beat").returncode == 0, timeout=60)


def test_the_worker_health_check_answers(shape):
    result = shape.healthcheck("worker")
    assert result.returncode == 0, result.stdout + result.stderr
