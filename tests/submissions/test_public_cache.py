"""The public sites' pages are served from the cache to anonymous readers, answer conditional GETs with
304, and show a change the moment an editor publishes, unpublishes or edits a published item
(submissions/public_cache.py). Signed-in users, other languages and each reader's CSRF token are
never mixed up with the cached copy."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from portal import cache as portal_cache
from portal import services as portal_services
from portal.models import Unit
from submissions.models import Submission
from tests.conftest import PASSWORD
from tests.faults import RedisServer
from tests.submissions.conftest import make_approved, make_published

pytestmark = pytest.mark.django_db


def site() -> str:
    return reverse("submissions:public_index", args=["soc-trang"])


def public_pages(item: Submission) -> list[str]:
    return [
        site(),
        reverse("submissions:public_item", args=["soc-trang", item.pk]),
        reverse("submissions:rss", args=["soc-trang"]),
        reverse("submissions:sitemap", args=["soc-trang"]),
        reverse("submissions:public_root"),
    ]


def same_page(a: bytes, b: bytes) -> bool:
    """The same page but for the CSRF token's masking, which differs in every response."""
    token = rb"[A-Za-z0-9]{64}"
    return re.sub(token, b"", a) == re.sub(token, b"", b)


def signed_in(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_a_reader_who_has_the_page_gets_304_for_its_etag_or_its_date(alice, editor):
    item = make_published(alice, editor, title="Kế Sách ra quân mùa khô")
    reader = Client()
    for url in public_pages(item):
        first = reader.get(url)
        assert first.status_code == 200, url
        assert first["ETag"] and first["Last-Modified"], url
        assert "no-cache" in first["Cache-Control"]
        again = reader.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304, url
        assert again.content == b""
        assert reader.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304, url
        # Another validator is not this page's: the whole page comes back.
        other = reader.get(url, HTTP_IF_NONE_MATCH='"something-else"')
        assert other.status_code == 200 and same_page(other.content, first.content), url


def test_the_second_reader_is_served_from_the_cache_without_rendering(alice, editor, django_assert_max_num_queries):
    item = make_published(alice, editor, title="Kế Sách ra quân mùa khô")
    for url in public_pages(item):
        assert Client().get(url).status_code == 200
        # Not a query: the committee in the address is in memory, the page in the cache.
        with django_assert_max_num_queries(0):
            response = Client().get(url)
        assert response.status_code == 200
        assert ("Kế Sách ra quân mùa khô" in response.content.decode()) or url.endswith("sitemap.xml")


def test_publishing_through_the_review_page_shows_on_every_public_page_at_once(client, alice, editor):
    first = make_published(alice, editor, title="Tin thứ nhất đã đăng")
    reader = Client()
    before = {url: reader.get(url) for url in public_pages(first)}
    waiting = make_approved(alice, editor, title="Tin thứ hai vừa duyệt")

    editor_client = signed_in(editor)
    response = editor_client.post(reverse("submissions:item_action", args=[waiting.pk, "publish"]))
    assert response.status_code == 302

    for url in (site(), reverse("submissions:rss", args=["soc-trang"]), reverse("submissions:public_root")):
        after = reader.get(url, HTTP_IF_NONE_MATCH=before[url]["ETag"])
        assert after.status_code == 200, url
        assert after["ETag"] != before[url]["ETag"]
        assert "Tin thứ hai vừa duyệt" in after.content.decode(), url
    sitemap = reader.get(reverse("submissions:sitemap", args=["soc-trang"])).content.decode()
    assert f"/soc-trang/news/{waiting.pk}/" in sitemap
    assert reader.get(reverse("submissions:public_item", args=["soc-trang", waiting.pk])).status_code == 200


def test_unpublishing_takes_the_item_off_every_cached_page_at_once(alice, editor):
    item = make_published(alice, editor, title="Tin sẽ bị gỡ xuống")
    reader = Client()
    item_url = reverse("submissions:public_item", args=["soc-trang", item.pk])
    for url in public_pages(item):
        assert reader.get(url).status_code == 200

    response = signed_in(editor).post(reverse("submissions:item_action", args=[item.pk, "unpublish"]), {"confirm": "1"})
    assert response.status_code == 302
    assert Submission.objects.get(pk=item.pk).state == Submission.State.UNPUBLISHED

    assert reader.get(item_url).status_code == 404
    for url in (site(), reverse("submissions:rss", args=["soc-trang"]), reverse("submissions:public_root")):
        assert "Tin sẽ bị gỡ xuống" not in reader.get(url).content.decode(), url
    assert item_url not in reader.get(reverse("submissions:sitemap", args=["soc-trang"])).content.decode()

    # Published again: back at once.
    signed_in(editor).post(reverse("submissions:item_action", args=[item.pk, "republish"]))
    assert reader.get(item_url).status_code == 200


def test_a_change_to_a_published_item_shows_at_once(alice, editor):
    item = make_published(alice, editor, title="Tiêu đề cũ")
    reader = Client()
    item_url = reverse("submissions:public_item", args=["soc-trang", item.pk])
    assert "Tiêu đề cũ" in reader.get(item_url).content.decode()
    item.refresh_from_db()
    item.title = "Tiêu đề đã sửa"
    item.save()
    assert "Tiêu đề đã sửa" in reader.get(item_url).content.decode()
    assert "Tiêu đề đã sửa" in reader.get(site()).content.decode()


def test_another_committees_publishing_leaves_this_sites_cache_alone(alice, editor):
    item = make_published(alice, editor, title="Tin của Sóc Trăng")
    reader = Client()
    first = reader.get(site())
    sam_son = portal_services.unit_create(
        code="sam-son", name="Ủy ban MTTQ thành phố Sầm Sơn", kind=Unit.Kind.COMMITTEE
    )
    Submission.objects.filter(pk=item.pk).update(title="Đổi trực tiếp trong cơ sở dữ liệu")  # no signal: still cached
    from submissions.public_cache import bump_committee

    bump_committee(sam_son.pk)
    assert reader.get(site(), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert "Tin của Sóc Trăng" in Client().get(site()).content.decode()


def test_signed_in_users_get_their_own_page_not_the_cached_one(alice, editor):
    item = make_published(alice, editor, title="Tin công khai")
    anonymous = Client().get(site())
    assert "Đăng nhập" in anonymous.content.decode()
    page = signed_in(editor).get(site())
    html = page.content.decode()
    assert page.status_code == 200 and "Tin công khai" in html
    assert editor.username in html and not page.has_header("ETag")
    assert signed_in(editor).get(reverse("submissions:public_item", args=["soc-trang", item.pk])).status_code == 200


def test_each_language_has_its_own_cached_page(alice, editor):
    make_published(alice, editor, title="Tin song ngữ")
    vietnamese = Client().get(site()).content.decode()
    english_reader = Client()
    english_reader.cookies["django_language"] = "en"
    english = english_reader.get(site()).content.decode()
    assert "Trang thông tin điện tử" in vietnamese or 'lang="vi"' in vietnamese
    assert 'lang="en"' in english and 'lang="en"' not in vietnamese


def token_in(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_each_reader_of_a_cached_page_gets_a_csrf_token_that_works_for_them(alice, editor):
    make_published(alice, editor, title="Tin có nút đổi ngôn ngữ")
    first_reader = Client(enforce_csrf_checks=True)
    first_token = token_in(first_reader.get(site()).content.decode())
    second_reader = Client(enforce_csrf_checks=True)
    second_page = second_reader.get(site())
    second_token = token_in(second_page.content.decode())
    assert second_token != first_token
    assert second_page.cookies.get("csrftoken")  # the second reader was given a cookie of their own
    # The language switcher posts with the page's token: it works for the reader it was served to.
    switched = second_reader.post(
        reverse("set_language"), {"language": "en", "next": site(), "csrfmiddlewaretoken": second_token}
    )
    assert switched.status_code == 302
    # The first reader's token is no good with the second reader's cookie.
    refused = Client(enforce_csrf_checks=True)
    refused.get(site())
    assert refused.post(reverse("set_language"), {"language": "en", "csrfmiddlewaretoken": "x" * 64}).status_code == 403


def test_filters_and_pages_are_cached_apart(alice, editor):
    make_published(alice, editor, title="Tin thời sự", kind="news")
    make_published(
        alice, editor, kind="article", title="Bài viết chuyên đề", body="<p>" + "Nội dung bài viết. " * 60 + "</p>"
    )
    reader = Client()
    everything = reader.get(site()).content.decode()
    news_only = reader.get(site() + "?kind=news").content.decode()
    assert "Bài viết chuyên đề" in everything and "Bài viết chuyên đề" not in news_only


@pytest.fixture
def redis_down(settings, monkeypatch):
    server = RedisServer()
    server.start()
    monkeypatch.setattr(portal_cache, "RETRY_AFTER", 60)
    settings.CACHES = {"default": {"BACKEND": "portal.cache.FailOpenRedisCache", "LOCATION": server.url}}
    server.stop()
    yield


def test_with_redis_down_pages_are_made_afresh_so_no_worker_serves_a_stale_copy(redis_down, alice, editor):
    item = make_published(alice, editor, title="Tin khi Redis hỏng")
    reader = Client()
    assert "Tin khi Redis hỏng" in reader.get(site()).content.decode()
    Submission.objects.filter(pk=item.pk).update(title="Sửa khi không có tín hiệu")  # no bump at all
    assert "Sửa khi không có tín hiệu" in reader.get(site()).content.decode()


def units_with_published_items(committee: Unit, author, count: int) -> list[Unit]:
    from django.utils import timezone

    units = [
        Unit.objects.create(code=f"xa-{i:03d}", name=f"Ủy ban MTTQ xã Thử Nghiệm {i:03d}", kind=Unit.Kind.COMMUNE,
                            parent=committee, committee=committee)
        for i in range(count)
    ]  # fmt: skip
    Submission.objects.bulk_create(
        Submission(committee=committee, unit=u, author=author, kind="news", title=f"Tin của {u.name}",
                   state=Submission.State.PUBLISHED, published_at=timezone.now())
        for u in units
    )  # fmt: skip
    return units


def test_a_site_with_many_units_offers_a_unit_search_field_not_every_unit(alice, editor):
    committee = alice.unit.committee
    make_published(alice, editor, title="Tin của Kế Sách")
    units_with_published_items(committee, alice, 70)
    html = Client().get(site()).content.decode()
    assert html.count("<option") < 10  # the kinds and the topics, no unit
    assert re.search(r'<input[^>]+type="search"[^>]+name="unit"', html)
    assert len(html) < 40_000
    found = Client().get(site() + "?unit=Thử Nghiệm 042").content.decode()
    assert "Tin của Ủy ban MTTQ xã Thử Nghiệm 042" in found and "Tin của Kế Sách" not in found
    by_code = Client().get(site() + "?unit=ke-sach").content.decode()
    assert "Tin của Kế Sách" in by_code and "Thử Nghiệm 042" not in by_code


def test_a_site_with_few_units_keeps_the_list_of_its_units_with_published_items(alice, editor, charlie):
    make_published(alice, editor, title="Tin của Kế Sách")
    html = Client().get(site()).content.decode()
    assert re.search(r'<select[^>]+name="unit"', html)
    assert 'value="ke-sach"' in html and 'value="my-tu"' not in html  # Mỹ Tú has published nothing
