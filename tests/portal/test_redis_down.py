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


@pytest.fixture
def redis_sessions(own_redis, settings):
    settings.SESSION_ENGINE = "portal.sessions"
    return own_redis


def _cut_off() -> None:
    """This process loses Redis (as in a network fault): its calls go to the local fallback for a minute."""
    from django.core.cache import caches

    backend = caches["default"]
    backend._down_until = time.monotonic() + 60
    backend._failed = True


def _reconnect() -> None:
    from django.core.cache import caches

    caches["default"]._down_until = 0.0


def test_signed_in_requests_read_the_session_from_redis(redis_sessions, alice, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = Client()
    assert client.login(username=alice.username, password=PASSWORD)
    client.get(reverse("home:home"))
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("home:home")).status_code == 200
    assert not any("django_session" in q["sql"] for q in ctx.captured_queries)


def test_a_sign_out_during_an_outage_holds_when_redis_returns(redis_sessions, alice):
    client = Client()
    assert client.login(username=alice.username, password=PASSWORD)
    assert client.get(reverse("home:home")).status_code == 200  # the session is now in Redis too
    cookie = client.cookies["sessionid"].value
    _cut_off()
    assert client.post(reverse("account_logout")).status_code == 302  # deleted from the database only
    _reconnect()
    stolen = Client()
    stolen.cookies["sessionid"] = cookie
    response = stolen.get(reverse("home:home"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_a_write_during_an_outage_shows_when_redis_returns(redis_sessions, alice):
    from submissions import services
    from submissions.models import Submission

    item = services.submission_create(by=alice, kind="news", title="Tin trước sự cố", body="<p>Nội dung.</p>")
    client = Client()
    client.force_login(alice)
    assert "Tin trước sự cố" in client.get(reverse("home:home")).content.decode()
    _cut_off()
    Submission.objects.filter(pk=item.pk).update(title="Tin sửa trong sự cố")  # its bump cannot reach Redis
    _reconnect()
    page = client.get(reverse("home:home")).content.decode()
    assert "Tin sửa trong sự cố" in page and "Tin trước sự cố" not in page


def test_during_an_outage_a_sign_out_in_another_worker_holds_in_this_one(redis_sessions, alice):
    from django.contrib.sessions.models import Session

    client = Client()
    assert client.login(username=alice.username, password=PASSWORD)
    _cut_off()
    assert client.get(reverse("home:home")).status_code == 200  # read while this process has no Redis
    Session.objects.filter(session_key=client.cookies["sessionid"].value).delete()  # signed out elsewhere
    response = client.get(reverse("home:home"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
