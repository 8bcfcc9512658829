"""Counts the portal keeps in the cache or bounds: the navigation bar's unread-notification badge
(cached per user, changed at once by a new notification or by reading them) and the capped paginator
counts of long lists (portal/pagination.py)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal import pagination
from portal.notifications import notify
from submissions.models import Submission

pytestmark = pytest.mark.django_db


def badge(client) -> str | None:
    html = client.get(reverse("home:home")).content.decode()
    found = re.search(r'<span class="badge text-bg-light">(\d+)</span>', html)
    return found.group(1) if found else None


def test_the_unread_badge_follows_new_notifications_and_reading_them_at_once(client, alice, editor):
    client.force_login(alice)
    assert badge(client) is None
    notify(recipients=[alice], actor=editor, kind="test", message="Có tin mới")
    assert badge(client) == "1"
    notify(recipients=[alice], actor=editor, kind="test", message="Có tin mới nữa")
    assert badge(client) == "2"
    client.post(reverse("portal:notifications"))
    assert badge(client) is None


def waiting_items(alice, n: int) -> None:
    Submission.objects.bulk_create(
        Submission(committee=alice.unit.committee, unit=alice.unit, author=alice, kind="news", title=f"Tin chờ {i}",
                   state=Submission.State.SUBMITTED)
        for i in range(n)
    )  # fmt: skip


def test_a_queue_longer_than_the_cap_counts_no_further_and_says_more_than(client, alice, editor, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CAP", 3)
    waiting_items(alice, 5)
    client.force_login(editor)
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(reverse("submissions:review_queue")).content.decode()
    assert "hơn 3 tin, bài" in html
    counts = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"] and "submissions_submission" in q["sql"]]
    assert any("LIMIT 4" in q for q in counts)  # the paginator's: cap + 1 rows at most
    assert all(re.search(r"LIMIT [1-4]\b", q) for q in counts)  # no count over every waiting item


def test_a_queue_within_the_cap_shows_its_exact_count(client, alice, editor, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CAP", 10)
    waiting_items(alice, 5)
    client.force_login(editor)
    html = client.get(reverse("submissions:review_queue")).content.decode()
    assert "5 tin, bài" in html and "hơn" not in re.search(r"<h1.*?</h1>", html, re.S).group(0)
