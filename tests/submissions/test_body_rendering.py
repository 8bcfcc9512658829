"""An item's body is shown through the sanitiser even if hostile HTML reached the database by a
path that skipped the services (a data migration, the shell, a fixture). The Django admin shows the
body read-only (tests/submissions/test_admin.py)."""

import pytest
from django.urls import reverse

from submissions.models import Submission
from tests.submissions.conftest import make_published

pytestmark = pytest.mark.django_db

HOSTILE = (
    '<p>Bài viết</p><script>alert("x")</script><img src=x onerror="alert(1)"><a href="javascript:alert(2)">xem</a>'
)


def test_the_public_page_shows_a_hostile_stored_body_without_its_script(client, alice, editor):
    item = make_published(alice, editor)
    Submission.objects.filter(pk=item.pk).update(body=HOSTILE)  # not through the services
    html = client.get(reverse("submissions:public_item", args=[item.committee.code, item.pk])).content.decode()
    assert "<p>Bài viết</p>" in html
    assert 'alert("x")' not in html and "onerror" not in html and "javascript:alert" not in html


def test_the_item_page_shows_a_hostile_stored_body_without_its_script(client, alice, editor):
    item = make_published(alice, editor)
    Submission.objects.filter(pk=item.pk).update(body=HOSTILE)
    client.force_login(editor)
    html = client.get(reverse("submissions:item_detail", args=[item.pk])).content.decode()
    assert "<p>Bài viết</p>" in html
    assert 'alert("x")' not in html and "onerror" not in html and "javascript:alert" not in html
