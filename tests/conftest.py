"""Shared fixtures: the demo-like committee with three personas, the demo installation, and the
service gates.

Tests that need PostgreSQL, Redis or a browser are marked; they skip when the service is missing,
and fail instead when PORTAL_REQUIRE_SERVICES=1 (CI).

The demo installation (``manage.py load_demo``) takes seconds to build, so it is built once per test
run (once per pytest-xdist worker) and shared: a test that asks for the ``demo`` fixture reads it inside
its own transaction, rolled back after it, as every database test is. Those tests run last in each
worker (see ``pytest_collection_modifyitems``), because the demo stays in the database until the run ends.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import pytest
from celery.signals import task_postrun
from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.test import override_settings

from portal import services
from portal.models import Role, Unit, User

REQUIRE_SERVICES = os.environ.get("PORTAL_REQUIRE_SERVICES") == "1"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PASSWORD = "a-Strong-passw0rd"


def wait_for(condition, *, timeout: float = 30.0) -> None:
    """Poll ``condition`` until it holds, for tests whose work happens in a real worker."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError("timed out waiting for the worker")


def page_heading(client, url: str) -> str:
    """The first heading of the page at ``url``, as plain text, after checking that the page rendered."""
    response = client.get(url)
    assert response.status_code == 200, url
    match = re.search(r"<h1[^>]*>(.*?)</h1>", response.content.decode(), re.S)
    assert match, f"{url} has no heading"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def _missing(reason: str) -> None:
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} (PORTAL_REQUIRE_SERVICES=1: required here)", pytrace=False)
    pytest.skip(reason)


def redis_url() -> str:
    return os.environ.get("REDIS_URL") or os.environ.get("CELERY_BROKER_URL") or ""


def _reachable(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=1):
            return True
    except OSError:
        return False


DEMO_FIXTURE = "demo"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the tests of the shared demo installation last (a stable sort keeps every other order)."""
    items.sort(key=lambda item: DEMO_FIXTURE in getattr(item, "fixturenames", ()))


@dataclass(frozen=True)
class DemoInstallation:
    """The demo data of ``manage.py load_demo``, loaded once; its photos live under ``media_root``."""

    media_root: Path


_demo_loaded = False


def pytest_runtest_setup(item: pytest.Item) -> None:
    if _demo_loaded and DEMO_FIXTURE not in getattr(item, "fixturenames", ()):
        pytest.fail(
            f"{item.nodeid} runs after the shared demo installation was loaded and would see it: "
            "tests that use the demo fixture must run last (pytest_collection_modifyitems in tests/conftest.py)",
            pytrace=False,
        )


@pytest.fixture(scope="session", autouse=True)
def _no_session_left_on_the_test_database(django_db_setup, django_db_blocker):
    """At the end of the run, close this process's connections and end any other session still on the
    test database (a worker thread's, a subprocess's, the replica mirror's), so that pytest-django can
    drop it instead of warning "being accessed by other users"."""
    yield
    with django_db_blocker.unblock():
        connections.close_all()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            connection.close()


@pytest.fixture(scope="session")
def _demo_installation(django_db_setup, django_db_blocker, tmp_path_factory):
    """Load the demo once, in a transaction left open until the run ends and then rolled back. Each test
    that uses it runs in a savepoint inside that transaction, so what one test changes the next never sees."""
    global _demo_loaded
    media_root = tmp_path_factory.mktemp("demo-media")
    # load_demo switches the mail backend off for itself; override_settings undoes that afterwards.
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root):
        outer = transaction.atomic()
        outer.__enter__()
        call_command("load_demo", quiet_logins=True, verbosity=0)
    _demo_loaded = True
    try:
        yield DemoInstallation(media_root=media_root)
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo(_demo_installation: DemoInstallation, db, settings) -> DemoInstallation:
    """The demo installation (Sóc Trăng and Sầm Sơn, their plans, accounts and items), read-only in spirit:
    whatever a test changes is rolled back after it."""
    settings.MEDIA_ROOT = _demo_installation.media_root
    return _demo_installation


@pytest.fixture(autouse=True)
def _service_gates(request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("postgres") and connection.vendor != "postgresql":
        _missing("needs PostgreSQL: set DATABASE_URL=postgres://...")
    if request.node.get_closest_marker("redis"):
        url = redis_url()
        if not url or not _reachable(url, 6379):
            _missing("needs Redis: set REDIS_URL=redis://127.0.0.1:6379/0")
    if request.node.get_closest_marker("browser") and not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        _missing(f"needs chromium at {CHROMIUM} (apt-get install chromium)")


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate-limit counters and cached policies must not leak from one test into the next (nor the
    committees each process keeps by code: a rolled-back test's committee is no committee)."""
    from django.core.cache import cache

    from submissions.selectors import forget_committees

    cache.clear()
    forget_committees()
    yield
    forget_committees()  # before the next test's session fixtures (the demo) look committees up


@pytest.fixture
def committee(db) -> Unit:
    return services.unit_create(code="soc-trang", name="Ủy ban MTTQ Việt Nam tỉnh Sóc Trăng", kind=Unit.Kind.COMMITTEE)


@pytest.fixture
def unit(committee: Unit) -> Unit:
    return services.unit_create(
        code="ke-sach",
        name="Ủy ban MTTQ Việt Nam huyện Kế Sách",
        kind=Unit.Kind.DISTRICT,
        parent=committee,
        carries_quota=True,
    )


@pytest.fixture
def other_unit(committee: Unit) -> Unit:
    return services.unit_create(
        code="my-tu",
        name="Ủy ban MTTQ Việt Nam huyện Mỹ Tú",
        kind=Unit.Kind.DISTRICT,
        parent=committee,
        carries_quota=True,
    )


@pytest.fixture
def alice(unit: Unit) -> User:
    """A correspondent of Kế Sách."""
    return services.account_create(
        username="alice", email="alice@example.com", role=Role.CORRESPONDENT, unit=unit, password=PASSWORD
    )


@pytest.fixture
def lead(unit: Unit) -> User:
    """The unit lead of Kế Sách."""
    return services.account_create(
        username="lead", email="lead@example.com", role=Role.UNIT_LEAD, unit=unit, password=PASSWORD
    )


@pytest.fixture
def charlie(other_unit: Unit) -> User:
    """A correspondent of another unit (Mỹ Tú): should have no access to Alice's stuff."""
    return services.account_create(
        username="charlie", email="charlie@example.com", role=Role.CORRESPONDENT, unit=other_unit, password=PASSWORD
    )


@pytest.fixture
def editor(committee: Unit) -> User:
    return services.account_create(
        username="bob", email="bob@example.com", role=Role.EDITOR, committee=committee, password=PASSWORD
    )


@pytest.fixture
def propaganda(committee: Unit) -> User:
    return services.account_create(
        username="dana", email="dana@example.com", role=Role.PROPAGANDA, committee=committee, password=PASSWORD
    )


@pytest.fixture
def admin_user(committee: Unit) -> User:
    return services.account_create(
        username="root", email="root@example.com", role=Role.ADMIN, committee=committee, password=PASSWORD
    )


def _close_worker_connections(**kwargs) -> None:
    connections.close_all()


@pytest.fixture
def celery_worker_on_redis(transactional_db):
    """A real Celery worker thread consuming from Redis, for tests marked ``redis``."""
    from celery.contrib.testing.worker import start_worker

    from portal.celery_app import app

    url = redis_url()
    old = {k: app.conf[k] for k in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=url, task_always_eager=False)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    # The queue is this run's and this worker's own (tests/settings.py), so parallel runs on one Redis
    # never take each other's tasks.
    assert app.conf.task_default_queue == settings.CELERY_TASK_DEFAULT_QUEUE != "celery"
    # The worker thread opens its own database connection; close it after each task, or it outlives the
    # test and PostgreSQL refuses to drop the test database at the end of the run ("being accessed by
    # other users").
    task_postrun.connect(_close_worker_connections, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield app
    finally:
        task_postrun.disconnect(_close_worker_connections)
        with app.connection_for_write() as conn:
            conn.default_channel.queue_delete(app.conf.task_default_queue)
        app.conf.update(**old)
        settings.CELERY_TASK_ALWAYS_EAGER = True
