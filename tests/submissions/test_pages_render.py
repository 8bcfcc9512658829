"""Every page of the app shows the people who may open it what it is for (on the demo data)."""

import pytest
from django.urls import reverse

from portal.models import User
from submissions.models import Submission
from tests.conftest import page_heading as heading

pytestmark = pytest.mark.django_db


def test_every_page_shows_its_personas_what_it_is_for(client, demo):
    by_state = {s.state: s for s in Submission.objects.exclude(quota_month__year=2023)}
    draft, changes, approved, submitted = (by_state[s] for s in ("draft", "changes_requested", "approved", "submitted"))
    pages = {
        "ctv.ke-sach": {
            reverse("submissions:item_list"): "Tin, bài của đơn vị Ủy ban MTTQ Việt Nam huyện Kế Sách",
            reverse("submissions:item_create"): "Viết tin, bài",
            reverse("submissions:item_edit", args=[draft.pk]): "Sửa tin, bài Bản nháp",
            reverse("submissions:item_edit", args=[changes.pk]): "Sửa tin, bài Cần chỉnh sửa",
            reverse("submissions:item_detail", args=[changes.pk]): changes.title,
            reverse("submissions:compare", args=[changes.pk]): f"So sánh phiên bản: {changes.title}",
            reverse("home:home"): "Xin chào, CTV H. Kế Sách",
        },
        "bientap": {
            reverse("submissions:review_queue"): "Hàng chờ duyệt 2 tin, bài",
            reverse("submissions:review_queue") + "?state=all&photo=blurry&kind=news&late=1&q=a&order=newest": (
                "Hàng chờ duyệt 0 tin, bài"
            ),
            reverse("submissions:item_detail", args=[approved.pk]): approved.title,
            reverse("submissions:item_detail", args=[submitted.pk]): submitted.title,
            reverse("submissions:item_detail", args=[draft.pk]): draft.title,
            reverse("submissions:copy_edit", args=[approved.pk]): f"Biên tập: {approved.title}",
            reverse("home:home"): "Xin chào, Ban Biên tập",
        },
        "tuyengiao": {
            reverse("submissions:review_queue"): "Hàng chờ duyệt 2 tin, bài",
            reverse("home:home"): "Xin chào, Ban PT-TG",
        },
    }
    for username, expected in pages.items():
        client.force_login(User.objects.get(username=username))
        assert {url: heading(client, url) for url in expected} == expected, username


def test_the_public_site_shows_the_published_items_to_everyone(client, demo):
    published = Submission.objects.filter(state="published")
    newest = published.order_by("-published_at", "-id").first()
    newest_article = published.filter(kind="article").order_by("-published_at", "-id").first()
    assert newest.kind == "news"  # so the filter below has something to leave out
    site = f"/{newest.committee.code}/"
    assert newest.title in client.get("/").content.decode() and site in client.get("/").content.decode()
    assert newest.title in client.get(site).content.decode()
    articles = client.get(f"{site}?kind=article").content.decode()
    assert newest_article.title in articles and newest.title not in articles
    assert "Kế Sách biểu dương 50 điển hình tiên tiến" in client.get(f"{site}?q=điển hình").content.decode()
    page = reverse("submissions:public_item", args=[newest.committee.code, newest.pk])
    assert heading(client, page) == newest.title
    assert newest.title in client.get(f"{site}rss/").content.decode()
    assert page in client.get(f"{site}sitemap.xml").content.decode()
    assert f"{site}sitemap.xml" in client.get("/sitemap.xml").content.decode()
    assert "Sầm Sơn" in heading(client, "/sam-son/")
