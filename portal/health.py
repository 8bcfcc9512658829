"""The health report of one installation: the database, Redis, the read replica and the media bucket
when configured, and the last tick of Celery beat.

Beat queues ``portal.tasks.beat_heartbeat`` every minute; the worker that runs it stores the time in
the cache (Redis), so a recent tick means beat, the broker and a worker all work. The web health
check (``/healthz``) needs the database and Redis; the beat health check (``manage.py check_health
--beat-max-age``) needs the tick too.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

HEARTBEAT_KEY = "portal:beat-heartbeat"


def record_heartbeat() -> None:
    cache.set(HEARTBEAT_KEY, timezone.now().timestamp(), timeout=None)


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # the report says what failed instead of raising
        return f"error: {exc.__class__.__name__}"
    return "ok"


def _redis() -> str:
    if not settings.REDIS_URL:
        return "not configured"
    try:
        cache.get(HEARTBEAT_KEY)
    except Exception as exc:
        return f"error: {exc.__class__.__name__}"
    return "ok"


def _replica() -> str:
    if "replica" not in connections.settings:
        return "not configured"
    try:
        with connections["replica"].cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:
        return f"error: {exc.__class__.__name__}"
    return "ok"


def _media() -> str:
    if not settings.MEDIA_S3_BUCKET:
        return "local"
    try:
        default_storage.exists(".healthz")  # one HEAD request to the bucket
    except Exception as exc:
        return f"error: {exc.__class__.__name__}"
    return "ok"


def report() -> dict:
    """What ``/healthz`` answers: each part's state, the age of the last beat tick, and ``ok`` when
    the parts the web process needs (database, Redis when configured) answer."""
    database, redis = _database(), _redis()
    beat: dict = {"last_tick": None, "age_seconds": None}
    if redis == "ok":
        stamp = cache.get(HEARTBEAT_KEY)
        if stamp is not None:
            beat = {
                "last_tick": datetime.fromtimestamp(stamp, tz=UTC).isoformat(),
                "age_seconds": round(timezone.now().timestamp() - stamp, 1),
            }
    ok = database == "ok" and redis in {"ok", "not configured"}
    # A failing replica or bucket is reported but does not take the host out of the load balancer: the
    # pages read from the primary without the replica, and the bucket is the same for every host.
    return {
        "status": "ok" if ok else "error",
        "database": database,
        "redis": redis,
        "replica": _replica(),
        "media": _media(),
        "beat": beat,
    }


def healthz(request: HttpRequest) -> HttpResponse:
    data = report()
    return JsonResponse(data, status=200 if data["status"] == "ok" else 503)


class HealthCheckMiddleware:
    """Answer ``/healthz`` before anything reads the Host header, so the container's own probe
    (``http://127.0.0.1:8000/healthz``) is answered whatever ``DJANGO_ALLOWED_HOSTS`` says. First in
    ``MIDDLEWARE``: no session, no CSRF, no redirect to HTTPS."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == "/healthz" and request.method in {"GET", "HEAD"}:
            return healthz(request)
        return self.get_response(request)
