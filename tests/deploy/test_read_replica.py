"""The read-replica router (portal/db_router.py): which connection each page reads from.

On PostgreSQL the test settings give a ``replica`` alias that mirrors the test database (a second
connection to it), so these tests see each query's connection; streaming replication itself is
PostgreSQL's and is not tested here. The router is installed only in these tests; the tests commit
(``transaction=True``) because a second connection cannot see uncommitted rows.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connections, router, transaction
from django.test.utils import CaptureQueriesContext

from portal.db_router import reading_from_replica
from submissions.models import Submission
from tests.conftest import REQUIRE_SERVICES
from tests.submissions.conftest import make_published

if "replica" not in settings.DATABASES and not REQUIRE_SERVICES:
    # The mirror alias exists on PostgreSQL only (tests/settings.py); without it pytest-django refuses the
    # module's database list before the "postgres" marker can skip it. In CI (PostgreSQL required) it runs.
    pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://...", allow_module_level=True)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, databases=["default", "replica"])]


@pytest.fixture
def replica_router(settings):
    settings.DATABASE_ROUTERS = ["portal.db_router.ReplicaRouter"]


def _tables(queries: list[dict]) -> str:
    return " ".join(q["sql"] for q in queries)


def test_the_public_site_reads_its_items_from_the_replica(replica_router, client, alice, editor):
    item = make_published(alice, editor, title="Hội nghị điển hình tiên tiến huyện Kế Sách")
    pages = {
        "/soc-trang/": item.title,
        f"/soc-trang/news/{item.pk}/": item.title,
        "/soc-trang/rss/": item.title,
        "/soc-trang/sitemap.xml": f"/soc-trang/news/{item.pk}/",
    }
    for url, expected in pages.items():
        with (
            CaptureQueriesContext(connections["replica"]) as replica,
            CaptureQueriesContext(connections["default"]) as primary,
        ):
            response = client.get(url)
        assert response.status_code == 200, url
        assert expected in response.content.decode(), url
        assert "submissions_submission" in _tables(replica.captured_queries), url
        assert "submissions_submission" not in _tables(primary.captured_queries), url


def test_signed_in_pages_and_writes_use_the_primary(replica_router, client, alice, editor):
    make_published(alice, editor)
    client.force_login(alice)
    with CaptureQueriesContext(connections["replica"]) as replica:
        assert client.get("/items/").status_code == 200
    assert replica.captured_queries == []

    # Inside a replica-reading block, a write and every read in a transaction go to the primary.
    with reading_from_replica() as used:
        assert used
        assert router.db_for_read(Submission) == "replica"
        assert router.db_for_write(Submission) == "default"
        with transaction.atomic():
            assert router.db_for_read(Submission) == "default"
    assert router.db_for_read(Submission) == "default"


def test_an_unreachable_replica_falls_back_to_the_primary(replica_router, client, alice, editor):
    item = make_published(alice, editor, title="Tin vẫn đọc được khi bản sao hỏng")
    replica = connections["replica"]
    replica.close()
    port = replica.settings_dict["PORT"]
    replica.settings_dict["PORT"] = "1"  # nothing listens there
    try:
        with CaptureQueriesContext(connections["default"]) as primary:
            response = client.get(f"/soc-trang/news/{item.pk}/")
    finally:
        replica.close()
        replica.settings_dict["PORT"] = port
    assert response.status_code == 200
    assert item.title in response.content.decode()
    assert "submissions_submission" in _tables(primary.captured_queries)
