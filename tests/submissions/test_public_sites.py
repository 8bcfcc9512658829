"""Each committee has its own public news site at its code: its items, units, topics, search, feed
and sitemap, and nothing of another committee's. The root lists the committees."""

import datetime

import pytest
from django.test import override_settings
from django.urls import resolve, reverse

from portal import services as portal_services
from portal.models import Role, Unit, User
from schedule.models import Plan, Topic
from submissions import services
from submissions.sitemaps import CommitteeItemsSitemap
from tests.conftest import PASSWORD
from tests.submissions.conftest import make_published, make_submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def sam_son(db) -> Unit:
    return portal_services.unit_create(
        code="sam-son", name="Ủy ban MTTQ Việt Nam thành phố Sầm Sơn", kind=Unit.Kind.COMMITTEE
    )


@pytest.fixture
def ward(sam_son: Unit) -> Unit:
    return portal_services.unit_create(
        code="bac-son-sam-son",
        name="Ủy ban MTTQ Việt Nam phường Bắc Sơn",
        short_name="P. Bắc Sơn",
        kind=Unit.Kind.COMMUNE,
        parent=sam_son,
    )


@pytest.fixture
def ward_writer(ward: Unit) -> User:
    return portal_services.account_create(
        username="ward", email="ward@example.com", role=Role.UNIT_LEAD, unit=ward, password=PASSWORD
    )


@pytest.fixture
def sam_son_editor(sam_son: Unit) -> User:
    return portal_services.account_create(
        username="ss-editor", email="sse@example.com", role=Role.EDITOR, committee=sam_son, password=PASSWORD
    )


def topic_of(committee: Unit, name: str) -> Topic:
    plan = Plan.objects.create(
        committee=committee,
        title=f"Kế hoạch năm 2023 của {committee.code}",
        year=2023,
        period_start=datetime.date(2023, 1, 1),
        period_end=datetime.date(2023, 12, 31),
    )
    return Topic.objects.create(plan=plan, name=name)


@pytest.fixture
def two_sites(alice, editor, ward_writer, sam_son_editor):
    """One published item on each committee's site, each with a topic of its committee's plan."""
    soc_trang_topic = topic_of(alice.unit.committee, "Xây dựng nông thôn mới")
    sam_son_topic = topic_of(ward_writer.unit.committee, "Gương người tốt, việc tốt")
    return {
        "soc-trang": make_published(alice, editor, title="Kế Sách xây dựng nông thôn mới", topic=soc_trang_topic),
        "sam-son": make_published(
            ward_writer, sam_son_editor, title="Bắc Sơn biểu dương gương người tốt", topic=sam_son_topic
        ),
    }


def test_the_root_lists_each_committee_with_its_latest_items_and_a_link_to_its_site(client, two_sites):
    html = client.get(reverse("submissions:public_root")).content.decode()
    assert "Ủy ban MTTQ Việt Nam tỉnh Sóc Trăng" in html and "Ủy ban MTTQ Việt Nam thành phố Sầm Sơn" in html
    assert 'href="/soc-trang/"' in html and 'href="/sam-son/"' in html
    assert f'href="/soc-trang/news/{two_sites["soc-trang"].pk}/"' in html
    assert f'href="/sam-son/news/{two_sites["sam-son"].pk}/"' in html
    assert 'type="application/rss+xml"' in html and "/sam-son/rss/" in html


def test_a_committees_site_lists_only_its_own_items_units_and_topics(client, two_sites):
    html = client.get("/sam-son/").content.decode()
    assert "Bắc Sơn biểu dương gương người tốt" in html
    assert "Kế Sách xây dựng nông thôn mới" not in html
    assert 'value="bac-son-sam-son"' in html and 'value="ke-sach"' not in html
    assert "Gương người tốt, việc tốt" in html and "Xây dựng nông thôn mới" not in html
    other = client.get("/soc-trang/").content.decode()
    assert "Kế Sách xây dựng nông thôn mới" in other and "Bắc Sơn biểu dương" not in other
    assert 'value="ke-sach"' in other and 'value="bac-son-sam-son"' not in other


def test_search_and_filters_never_reach_another_committees_items(client, two_sites):
    assert "Kế Sách xây dựng" not in client.get("/sam-son/?q=nông thôn mới").content.decode()
    assert "Kế Sách xây dựng" not in client.get("/sam-son/?unit=ke-sach").content.decode()
    topic = two_sites["soc-trang"].topic_id
    assert "Kế Sách xây dựng" not in client.get(f"/sam-son/?topic={topic}").content.decode()
    assert "Kế Sách xây dựng" in client.get("/soc-trang/?q=nông thôn mới").content.decode()


def test_an_item_opens_only_on_its_own_committees_site(client, two_sites):
    item = two_sites["soc-trang"]
    page = client.get(f"/soc-trang/news/{item.pk}/")
    assert page.status_code == 200 and item.title in page.content.decode()
    assert f"/news/photos/{item.photos.get().pk}/page.jpg" in page.content.decode()
    assert client.get(f"/sam-son/news/{item.pk}/").status_code == 404


def test_an_unpublished_item_is_on_no_site(client, alice, two_sites):
    draft = make_submitted(alice, title="Tin chưa đăng")
    assert client.get(f"/soc-trang/news/{draft.pk}/").status_code == 404
    assert client.get(f"/news/{draft.pk}/").status_code == 404
    assert "Tin chưa đăng" not in client.get("/").content.decode()


def test_the_old_address_of_an_item_moves_permanently_to_its_committees_site(client, two_sites):
    item = two_sites["sam-son"]
    response = client.get(f"/news/{item.pk}/")
    assert response.status_code == 301 and response["Location"] == f"/sam-son/news/{item.pk}/"


def test_each_committee_has_its_own_rss_feed(client, two_sites):
    feed = client.get(reverse("submissions:rss", args=["sam-son"])).content.decode()
    assert "Bắc Sơn biểu dương gương người tốt" in feed and "Kế Sách" not in feed
    assert "Ủy ban MTTQ Việt Nam thành phố Sầm Sơn" in feed
    assert f"/sam-son/news/{two_sites['sam-son'].pk}/" in feed
    assert "Kế Sách xây dựng" in client.get("/soc-trang/rss/").content.decode()


def test_each_committee_has_its_own_sitemap_and_the_root_sitemap_indexes_them(client, two_sites):
    index = client.get("/sitemap.xml").content.decode()
    assert "<sitemapindex" in index
    assert "/soc-trang/sitemap.xml</loc>" in index and "/sam-son/sitemap.xml</loc>" in index
    sam_son = client.get("/sam-son/sitemap.xml").content.decode()
    assert f"/sam-son/news/{two_sites['sam-son'].pk}/</loc>" in sam_son and "/sam-son/</loc>" in sam_son
    assert "/soc-trang/" not in sam_son


def test_a_long_sitemap_is_split_into_pages_that_the_index_lists(client, alice, editor, two_sites, monkeypatch):
    monkeypatch.setattr(CommitteeItemsSitemap, "limit", 1)
    make_published(alice, editor, title="Tin thứ hai của Kế Sách")
    index = client.get("/sitemap.xml").content.decode()
    assert "/soc-trang/sitemap.xml?p=2</loc>" in index and "/sam-son/sitemap.xml?p=2" not in index
    second = client.get("/soc-trang/sitemap.xml?p=2")
    assert second.status_code == 200 and "/soc-trang/</loc>" not in second.content.decode()


def test_a_code_that_is_no_committees_is_not_a_site(client, two_sites):
    assert client.get("/ke-sach/").status_code == 404  # a unit, not a committee
    assert client.get("/khong-co/rss/").status_code == 404
    assert resolve("/items/").url_name == "item_list"


@override_settings(ROOT_URLCONF="tests.submissions.urls_after_sites")
def test_the_sites_do_not_hide_addresses_added_after_them(client, two_sites):
    assert client.get("/later/").content == b"later"
    assert client.get("/soc-trang/").status_code == 200


def test_the_news_site_link_of_a_signed_in_user_opens_their_committees_site(client, ward_writer, alice):
    client.force_login(ward_writer)
    assert 'href="/sam-son/">' in client.get(reverse("home:home")).content.decode()
    client.force_login(alice)
    assert 'href="/soc-trang/">' in client.get(reverse("home:home")).content.decode()


def test_an_editors_published_item_links_to_its_committees_site(client, ward_writer, sam_son_editor):
    item = make_published(ward_writer, sam_son_editor, title="Tin của phường")
    client.force_login(sam_son_editor)
    html = client.get(reverse("submissions:item_detail", args=[item.pk])).content.decode()
    assert f'href="/sam-son/news/{item.pk}/"' in html
    services.submission_transition(submission=item, by=sam_son_editor, action="unpublish")
    assert client.get(f"/sam-son/news/{item.pk}/").status_code == 404


def test_a_committees_site_costs_the_same_few_queries_however_many_items_it_has(
    client, alice, editor, two_sites, django_assert_max_num_queries
):
    # The committee (once per process and 30 s), the count, the unit and topic filters, the page, the
    # page's photos; publishing makes the cached page (submissions/public_cache.py) out of date.
    with django_assert_max_num_queries(6):
        client.get("/soc-trang/")
    for n in range(3):
        make_published(alice, editor, title=f"Tin thứ {n} của huyện Kế Sách")
    with django_assert_max_num_queries(6):
        assert client.get("/soc-trang/").status_code == 200
