"""What the public site gives readers and other sites: a way back to the list from an item, the
photo as the RSS enclosure, robots.txt pointing at the sitemap, Open Graph tags on items."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.urls import reverse

from .conftest import make_published

pytestmark = pytest.mark.django_db


def test_an_item_links_back_to_the_list(client, alice, editor):
    item = make_published(alice, editor)
    html = client.get(reverse("submissions:public_item", args=[item.committee.code, item.pk])).content.decode()
    index = reverse("submissions:public_index", args=[item.committee.code])
    assert len(re.findall(rf'class="[^"]*back-to-list[^"]*"[^>]* href="{re.escape(index)}"', html)) == 2
    assert "Quay lại danh sách" in html


def test_an_item_carries_open_graph_tags_with_absolute_addresses(client, alice, editor):
    item = make_published(alice, editor, summary="Huyện biểu dương 25 tập thể tiêu biểu.")
    photo = item.photos.get()
    html = client.get(reverse("submissions:public_item", args=[item.committee.code, item.pk])).content.decode()
    og = dict(re.findall(r'<meta property="og:(\w+(?::\w+)?)" content="([^"]*)"', html))
    assert og["type"] == "article" and og["title"] == item.title
    assert og["description"] == "Huyện biểu dương 25 tập thể tiêu biểu."
    assert og["url"] == "http://testserver" + reverse("submissions:public_item", args=[item.committee.code, item.pk])
    assert og["image"] == "http://testserver" + reverse("submissions:public_photo", args=[photo.pk, "page"])
    assert client.get(og["image"]).status_code == 200


def test_the_feed_carries_each_items_photo_as_an_enclosure(client, alice, editor):
    item = make_published(alice, editor)
    photo = item.photos.get()
    feed = client.get(reverse("submissions:rss", args=[item.committee.code]))
    enclosure = ET.fromstring(feed.content).find("channel/item/enclosure")
    assert enclosure.get("url") == "http://testserver" + reverse("submissions:public_photo", args=[photo.pk, "page"])
    assert enclosure.get("type") == "image/jpeg"
    image = client.get(enclosure.get("url"))
    assert int(enclosure.get("length")) == len(b"".join(image.streaming_content)) > 0


def test_the_feed_does_not_ask_the_storage_for_sizes_it_kept(client, alice, editor, monkeypatch):
    """The rendition's size is kept when it is made: on S3 each size asked of the storage is a request,
    30 of them for a feed. A rendition made before sizes were kept is still measured."""
    item = make_published(alice, editor)
    photo = item.photos.get()
    storage = photo.page_image.storage
    kept = photo.page_bytes
    assert kept == photo.page_image.size > 0
    asked = []
    real_size = storage.size
    monkeypatch.setattr(storage, "size", lambda name: asked.append(name) or real_size(name))
    feed = client.get(reverse("submissions:rss", args=[item.committee.code]))
    assert int(ET.fromstring(feed.content).find("channel/item/enclosure").get("length")) == kept
    assert asked == []
    type(photo).objects.filter(pk=photo.pk).update(page_bytes=None)  # made before sizes were kept
    cache.clear()  # the public pages are kept until the next publication
    feed = client.get(reverse("submissions:rss", args=[item.committee.code]))
    assert int(ET.fromstring(feed.content).find("channel/item/enclosure").get("length")) == kept
    assert asked == [photo.page_image.name]


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_off_the_working_pages(client, alice, editor):
    response = client.get("/robots.txt")
    text = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in text.splitlines()
    assert "Disallow: /items/" in text and "Disallow: /review/" in text
    assert "Disallow: /\n" not in text  # the news sites stay open
    assert client.get("/sitemap.xml").status_code == 200
