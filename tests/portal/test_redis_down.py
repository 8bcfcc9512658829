"""Redis down does not lock anyone out: signing in and working go on (the cache falls back to this
process's memory and the database), the sign-in limits keep counting locally, and the outage is
logged. The test runs its own Redis on its own port and stops it; nothing else is touched."""

from __future__ import annotations

import logging
import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from portal import cache as portal_cache
from tests.conftest import PASSWORD, _missing

pytestmark = pytest.mark.django_db


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class OwnRedis:
    """A redis-server on a port of its own, which a test may stop and start again."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise AssertionError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def own_redis(settings, monkeypatch):
    if not shutil.which("redis-server"):
        _missing("needs redis-server on PATH (apt-get install redis-server)")
    server = OwnRedis(_free_port())
    server.start()
    monkeypatch.setattr(portal_cache, "RETRY_AFTER", 0.2)
    settings.CACHES = {"default": {"BACKEND": "portal.cache.FailOpenRedisCache", "LOCATION": server.url}}
    try:
        yield server
    finally:
        server.stop()


def test_people_sign_in_and_work_while_redis_is_down(own_redis, alice, caplog):
    cache.set("probe", 1)
    own_redis.stop()
    client = Client()
    with caplog.at_level(logging.ERROR, logger="portal.cache"):
        response = client.post(reverse("account_login"), {"login": "alice", "password": PASSWORD})
        assert response.status_code == 302
        assert client.get(reverse("home:home")).status_code == 200
        assert client.get(reverse("submissions:item_list")).status_code == 200
    assert any("Redis cache unreachable" in r.getMessage() for r in caplog.records)


def test_the_sign_in_limit_keeps_counting_while_redis_is_down(own_redis, alice):
    own_redis.stop()
    client = Client()
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "alice", "password": "wrong"})
    response = client.post(reverse("account_login"), {"login": "alice", "password": PASSWORD})
    assert "Đăng nhập sai quá nhiều lần" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_cache_goes_back_to_redis_when_it_returns(own_redis, alice):
    import redis

    own_redis.stop()
    cache.set("while-down", "local")
    assert cache.get("while-down") == "local"
    own_redis.start()
    time.sleep(0.3)  # past the circuit breaker's pause
    cache.set("after", "shared")
    assert redis.Redis.from_url(own_redis.url).exists(cache.make_and_validate_key("after")) == 1
