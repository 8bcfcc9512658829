"""Query budgets of the pages issue 15 names, on the demo installation (Sóc Trăng and Sầm Sơn), each
pinned as a ceiling: a change that adds a query to one of them fails here and has to say why.

Signed-in pages are measured rendered (after a write to the items table, which makes their cached parts
again; the first view has filled the per-version caches of the working calendar, the scoring weights and
the unread-notification count) and from the cache (``portal.fragments``); public pages both as the first
reader (rendered) and as the next one (served from the cache).
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.models import User
from submissions.models import Submission

pytestmark = pytest.mark.django_db

# The session, the user (with unit and committee) and then each panel's own reads.
CORRESPONDENT_HOME = 10  # the issue measured 21
EDITOR_HOME = 9
REVIEW_QUEUE = 8
# RSS: the items, then their photos for the enclosures (one query for the page, not one per item).
PUBLIC_RENDERED = {"home": 6, "rss": 3, "article": 3}
PUBLIC_CACHED = 0  # the committee (per-process memory) and the page (one Redis call) need no query
# A signed-in page from the cache: the session only (the tests' sessions are in the database; in production
# they are read through Redis), the user and the page's parts come from the cache.
SIGNED_IN_CACHED = 1


def signed_in(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def touch_items() -> None:
    """A write to the items table, as every step of the review makes: the cached parts that show items
    are made again at the next view."""
    first = Submission.objects.order_by("pk").values("pk")[:1]
    Submission.objects.filter(pk__in=first).update(updated_at=timezone.now())


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("username", "url", "budget"),
    [
        ("ctv.tp-soc-trang", "/home/", CORRESPONDENT_HOME),
        ("ctv.ke-sach", "/home/", CORRESPONDENT_HOME),
        ("bientap", "/home/", EDITOR_HOME),
        ("bientap", "/review/", REVIEW_QUEUE),
        ("bientap.sam-son", "/review/", REVIEW_QUEUE),
    ],
)
def test_signed_in_pages_stay_within_their_query_budget(demo, username, url, budget):
    client = signed_in(username)
    client.get(url)
    touch_items()
    assert queries(client, url) <= budget
    assert queries(client, url) <= SIGNED_IN_CACHED


def test_the_editor_home_counts_only_the_waiting_items(demo):
    client = signed_in("bientap")
    client.get("/home/")
    touch_items()
    with CaptureQueriesContext(connection) as ctx:
        client.get("/home/")
    sql = [q["sql"] for q in ctx.captured_queries]
    # Not every item the committee ever had grouped by state, as before: one count over the waiting states.
    assert not any('"submissions_submission"."state" AS "state", COUNT(' in q for q in sql)
    waiting = [q for q in sql if "COUNT(" in q and "IN ('submitted', 'in_review', 'approved')" in q]
    assert len(waiting) == 1


def published_item() -> Submission:
    return Submission.objects.filter(committee__code="soc-trang", state=Submission.State.PUBLISHED).first()


@pytest.mark.parametrize("page", ["home", "rss", "article"])
def test_public_pages_stay_within_their_query_budget_rendered_and_cached(demo, page):
    url = {"home": "/soc-trang/", "rss": "/soc-trang/rss/", "article": f"/soc-trang/news/{published_item().pk}/"}[page]
    assert queries(Client(), url) <= PUBLIC_RENDERED[page]
    assert queries(Client(), url) <= PUBLIC_CACHED


# A public search: the committee (first view of the process), the units and topics of the filter form, the
# bounded count (on PostgreSQL, when the words as typed find less than a page, a second one with the last
# word partly typed), the page's rows and their photos. Past the count's bound, the page is found by a
# bounded walk of the list (the rows at once); when the walk does not hold it, the matches' keys are sorted
# and the page's rows read by key (portal.search.SearchPaginator). The first search after a publication also
# reads where the newest items start (selectors.search_since), kept in the cache until the next one.
SEARCH = {"within the bound": 8, "walked past the bound": 8, "sorted past the bound": 10}


@pytest.mark.parametrize("read", list(SEARCH))
def test_a_public_search_stays_within_its_query_budget(demo, settings, read):
    settings.PORTAL_SEARCH_COUNT_LIMIT = 1000 if read == "within the bound" else 3
    settings.PORTAL_SEARCH_WALK_ROWS = 1 if read == "sorted past the bound" else 60
    with CaptureQueriesContext(connection) as ctx:
        response = Client().get("/soc-trang/?q=ke+sach")
    assert response.status_code == 200
    sqls = [q["sql"] for q in ctx.captured_queries]
    assert any("found.sort_1 DESC LIMIT" in sql for sql in sqls) is (read == "sorted past the bound")
    assert len(sqls) <= SEARCH[read], [sql[:120] for sql in sqls]
    with CaptureQueriesContext(connection) as again:
        Client().get("/soc-trang/?q=ke+sach")
    assert len(again.captured_queries) <= SEARCH[read] - 1
