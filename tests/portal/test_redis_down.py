"""Redis down does not lock anyone out: signing in and working go on (the cache falls back to this
process's memory and the database), the sign-in limits keep counting locally, and the outage is
logged. The test runs its own Redis on its own port and stops it; nothing else is touched."""

from __future__ import annotations

import logging
import time

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from portal import cache as portal_cache
from tests.conftest import PASSWORD
from tests.faults import RedisServer

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_redis(settings, monkeypatch):
    server = RedisServer()
    server.start()  # fails (CI) or skips without the redis-server program
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
