"""The department's year matrix within its query budget (issue 15: ≤ 12), rendered and from the cached
fragment, on the demo installation; and the fragment follows publishing at once."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from portal.models import User
from tests.submissions.test_query_budgets import touch_items

pytestmark = pytest.mark.django_db

YEAR_MATRIX = 12


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("username", ["tuyengiao", "tuyengiao.sam-son"])
def test_the_year_matrix_stays_within_its_budget_rendered_and_cached(demo, username):
    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    client.get("/emulation/")  # the first view also fills the calendar, weights and unread-count caches
    touch_items()  # as publishing an item does: the page's parts are made again
    rendered = queries(client, "/emulation/")
    cached = queries(client, "/emulation/")
    assert rendered <= YEAR_MATRIX
    assert cached <= YEAR_MATRIX
    assert cached < rendered  # the matrix's own queries are not run while the fragment is fresh
