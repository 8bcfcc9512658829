"""Search the way Vietnamese people type: without tones, without case, "đ" as "d", through the
public site's search, the review queue's title filter and the unit pickers; with a (bounded) result
count, a per-client rate limit, and on PostgreSQL by index (the plan uses the GIN indexes)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal import services as portal_services
from portal.models import Unit
from portal.text import fold
from submissions.models import Submission, search_text_refresh
from tests.submissions.conftest import make_published, make_submitted

pytestmark = pytest.mark.django_db

TITLES = [
    "Kế Sách xây dựng nông thôn mới",
    "H. Kế Sách lan tỏa mô hình “Dân vận khéo”",
    "Đà Nẵng học tập kinh nghiệm của Kế Sách",
    "Mỹ Tú biểu dương điển hình tiên tiến",
]


def published_copies(model: Submission, author, title: str, count: int) -> None:
    """``count`` published items like ``model`` written in bulk (around ``save``: their search columns
    are empty until ``search_text_refresh``), titled ``title.format(i)``."""
    Submission.objects.bulk_create(
        Submission(
            committee=model.committee, unit=model.unit, author=author, title=title.format(i), state="published",
            published_at=model.published_at, first_submitted_at=model.first_submitted_at,
        )
        for i in range(count)
    )  # fmt: skip


def _count(html: str) -> str:
    match = re.search(r'class="[^"]*result-count[^"]*"[^>]*>([^<]*)<', html)
    assert match, "no result count on the page"
    return match.group(1).strip()


def _titles_found(html: str) -> set[str]:
    return {t for t in TITLES if t.replace("“", "&ldquo;") in html or t in html}


@pytest.fixture
def published(alice, editor):
    return [make_published(alice, editor, title=title) for title in TITLES]


def test_fold_drops_tones_case_and_reads_d_bar_as_d():
    assert fold("  Kế   Sách ") == "ke sach"
    assert fold("KẾ SÁCH") == fold("ke sach") == fold("KE SACH")
    assert fold("Dân vận") == "dan van"
    assert fold("ĐÀ NẴNG") == fold("đà nẵng") == "da nang"
    # Decomposed input (as some phones send it) folds the same as precomposed.
    assert fold("Ke\u0302\u0301 Sa\u0301ch") == "ke sach"


@pytest.mark.parametrize("typed", ["Kế Sách", "ke sach", "KE SACH", "kE sÁcH", "ke sa", "kế sá", "ke s", "Kế Sách!"])
def test_public_search_matches_without_tones_or_case_with_a_count(client, published, typed):
    html = client.get("/soc-trang/", {"q": typed}).content.decode()
    assert _titles_found(html) == set(TITLES[:3])
    assert _count(html) == "3 kết quả"


def test_public_search_dan_van_and_d_as_d_bar(client, published):
    html = client.get("/soc-trang/", {"q": "dan van"}).content.decode()
    assert _titles_found(html) == {TITLES[1]}
    assert _count(html) == "1 kết quả"
    assert _titles_found(client.get("/soc-trang/", {"q": "da nang"}).content.decode()) == {TITLES[2]}
    assert _titles_found(client.get("/soc-trang/", {"q": "DA NANG"}).content.decode()) == {TITLES[2]}
    assert _titles_found(client.get("/soc-trang/", {"q": "Đà Nẵng"}).content.decode()) == {TITLES[2]}


def test_public_search_finds_words_of_the_body_and_says_when_nothing_is_found(client, alice, editor):
    make_published(
        alice, editor, title="Hội nghị tháng Mười", body="<p>" + "Phát động phong trào Dân vận khéo. " * 8 + "</p>"
    )
    html = client.get("/soc-trang/", {"q": "dan van kheo"}).content.decode()
    assert "Hội nghị tháng Mười" in html and _count(html) == "1 kết quả"
    html = client.get("/soc-trang/", {"q": "khong co gi"}).content.decode()
    assert _count(html) == "0 kết quả" and "Không tìm thấy" in html


@pytest.mark.parametrize("typed", ["cu lao d", "Cù Lao Du", "cu lao dung", "lao dun"])
def test_public_search_reads_a_partly_typed_last_word(client, alice, editor, typed):
    make_published(alice, editor, title="Cù Lao Dung ra quân bảo vệ môi trường")
    make_published(alice, editor, title="Long Phú ra quân", body="<p>" + "Tin của huyện Cù Lao Dung. " * 8 + "</p>")
    html = client.get("/soc-trang/", {"q": typed}).content.decode()
    assert "Cù Lao Dung ra quân" in html


def test_public_search_reads_numbers_and_words_with_a_hyphen(client, alice, editor):
    make_published(alice, editor, title="Chung tay phòng chống dịch COVID-19")
    for typed in ("covid-19", "COVID-19", "Covid"):
        assert _count(client.get("/soc-trang/", {"q": typed}).content.decode()) == "1 kết quả", typed
    assert _count(client.get("/soc-trang/", {"q": "!!!"}).content.decode()) == "0 kết quả"
    # What the search's query language would read as operators or quotes is text.
    for typed in ("covid & 19", "covid:* | x", "'covid' \\", "(covid) <-> !19", "½"):
        assert client.get("/soc-trang/", {"q": typed}).status_code == 200, typed


def test_an_edit_keeps_the_folded_text_up_to_date(client, published, editor):
    item = published[3]
    item.title = "Mỹ Tú đón đoàn công tác của Đắk Lắk"
    item.save(update_fields=["title"])
    assert Submission.objects.get(pk=item.pk).title_folded == "my tu don doan cong tac cua dak lak"
    assert "Mỹ Tú đón đoàn" in client.get("/soc-trang/", {"q": "dak lak"}).content.decode()


def test_bulk_written_items_are_found_after_refresh(client, alice, editor, published):
    # bulk_create goes around save(): the bulk path fills the columns in one pass.
    model = published[0]
    published_copies(model, alice, "Lưu trữ Cù Lao Dung số {}", 3)
    archive = Submission.objects.filter(title__startswith="Lưu trữ")
    assert search_text_refresh(archive) == 3
    assert _count(client.get("/soc-trang/", {"q": "cu lao dung"}).content.decode()) == "3 kết quả"


def test_the_count_is_bounded(client, published, settings):
    settings.PORTAL_SEARCH_COUNT_LIMIT = 2
    html = client.get("/soc-trang/", {"q": "ke sach"}).content.decode()
    assert _count(html) == "hơn 2 kết quả"
    settings.PORTAL_SEARCH_COUNT_LIMIT = 3
    assert _count(client.get("/soc-trang/", {"q": "ke sach"}).content.decode()) == "3 kết quả"


# --- the newest items first, the older ones on request ---------------------------------------------


def _dated_archive(alice, editor) -> dict[int, Submission]:
    """Items about Kế Sách published 40, 30, 2, 1 and 0 days ago (local days), and one about Mỹ Tú today,
    by how many days ago."""
    today = timezone.localdate()
    items = {}
    for days_ago in (40, 30, 2, 1, 0):
        item = make_published(alice, editor, title=f"Kế Sách: tin {days_ago} ngày trước")
        noon = datetime.datetime.combine(today - datetime.timedelta(days=days_ago), datetime.time(12))
        Submission.objects.filter(pk=item.pk).update(published_at=timezone.make_aware(noon))
        items[days_ago] = item
    make_published(alice, editor, title="Mỹ Tú biểu dương điển hình tiên tiến")
    return items


def _link(html: str, text: str) -> str:
    match = re.search(r'<a href="(\?[^"]*)">' + re.escape(text), html)
    assert match, f"no link {text!r}"
    return match.group(1).replace("&amp;", "&")


def test_a_search_reads_the_newest_items_and_links_to_the_older_ones(client, alice, editor, settings):
    """With more published items than PORTAL_SEARCH_RECENT_ITEMS, a search reads the newest ones (from the
    day of the last of them) and says so; a link searches the older ones, and one comes back."""
    settings.PORTAL_SEARCH_RECENT_ITEMS = 4  # the Mỹ Tú item and the Kế Sách ones of 0, 1 and 2 days ago
    _dated_archive(alice, editor)
    since = (timezone.localdate() - datetime.timedelta(days=2)).strftime("%d/%m/%Y")
    html = client.get("/soc-trang/", {"q": "ke sach", "kind": "news"}).content.decode()
    assert _count(html) == f"3 kết quả từ ngày {since}"
    assert re.findall(r"tin (\d+) ngày trước", html) == ["0", "1", "2"]  # newest first
    older = _link(html, f"Tìm trong các tin, bài đăng trước ngày {since}")
    html = client.get("/soc-trang/" + older).content.decode()
    assert _count(html) == f"2 kết quả trước ngày {since}"
    assert re.findall(r"tin (\d+) ngày trước", html) == ["30", "40"]
    assert 'value="news" selected' in html  # the other filters are kept
    newest = _link(html, "Quay lại kết quả mới nhất")
    assert _count(client.get("/soc-trang/" + newest).content.decode()) == f"3 kết quả từ ngày {since}"


def test_every_item_is_searched_when_the_archive_is_small_or_the_setting_is_zero(client, alice, editor, settings):
    _dated_archive(alice, editor)
    for newest in (6, 0):  # as many items as were published; none
        settings.PORTAL_SEARCH_RECENT_ITEMS = newest
        html = client.get("/soc-trang/", {"q": "ke sach"}).content.decode()
        assert _count(html) == "5 kết quả" and "trước ngày" not in html, newest


def test_the_newest_items_move_on_with_each_publication(client, alice, editor, settings):
    settings.PORTAL_SEARCH_RECENT_ITEMS = 4
    _dated_archive(alice, editor)
    since = timezone.localdate() - datetime.timedelta(days=2)
    assert f"từ ngày {since:%d/%m/%Y}" in _count(client.get("/soc-trang/", {"q": "ke sach"}).content.decode())
    for _ in range(3):  # the four newest are now all of today
        make_published(alice, editor, title="Kế Sách: tin mới")
    html = client.get("/soc-trang/", {"q": "ke sach"}).content.decode()
    assert _count(html) == f"4 kết quả từ ngày {timezone.localdate():%d/%m/%Y}"


def test_the_blocks_of_days_cover_exactly_the_days_asked_with_few_blocks():
    """``public_days_cover``: every day from the first to the last, once, no other; at most 15 blocks of
    each of the two smaller sizes, and one per 256 days."""
    from submissions.models import DAY_BLOCKS, DAYS_PER_COMMITTEE, EPOCH, LEVEL_SPAN, public_days_cover

    def days_of(block: int) -> range:
        committee, number = divmod(block, DAYS_PER_COMMITTEE)
        level, index = divmod(number, LEVEL_SPAN)
        assert committee == 7
        return range(index * DAY_BLOCKS[level], (index + 1) * DAY_BLOCKS[level])

    utc = datetime.UTC
    for first_day, length in [(9800, 1), (9801, 15), (9790, 40), (9472, 256), (9000, 1900), (9999, 3)]:
        first = datetime.datetime.combine(EPOCH + datetime.timedelta(days=first_day), datetime.time(23, 59), utc)
        last = first + datetime.timedelta(days=length - 1)
        blocks = public_days_cover(7, first, last)
        covered = [day for block in blocks for day in days_of(block)]
        assert sorted(covered) == list(range(first_day, first_day + length)), (first_day, length)
        assert len(blocks) <= 2 * 15 + 15 + length // 256 + 1, (first_day, length, len(blocks))


@pytest.mark.parametrize("before", ["", "hôm qua", "2026-13-01", "0001-01-01", "2026-01-01T00:00"])
def test_a_malformed_older_results_day_is_ignored(client, alice, editor, settings, before):
    settings.PORTAL_SEARCH_RECENT_ITEMS = 4
    _dated_archive(alice, editor)
    response = client.get("/soc-trang/", {"q": "ke sach", "before": before})
    assert response.status_code == 200
    assert _count(response.content.decode()).startswith("3 kết quả từ ngày")


@pytest.mark.parametrize("read", ["walked", "walked on", "sorted"])
def test_pages_past_the_count_limit_list_the_newest_matches_in_order(client, alice, editor, settings, read):
    """Past the bound, each page holds the next matches newest first, however it is read: by the
    bounded walk (of the whole list here); by a walk further on, when the first rows walked show the
    matches are common (every other item: walking 28 rows costs less than sorting about 30 matches);
    or by sorting the matches, when the first row walked holds none."""
    model = make_published(alice, editor, title=TITLES[0])
    Submission.objects.bulk_create(
        Submission(
            committee=model.committee, unit=model.unit, author=alice, state="published",
            title=f"Kế Sách tin số {i} trong ngày" if i % 2 else f"Mỹ Tú tin số {i}",
            published_at=model.published_at, first_submitted_at=model.first_submitted_at,
        )
        for i in range(60)
    )  # fmt: skip
    search_text_refresh(Submission.objects.all())
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE submissions_submission")  # the table's size, as autovacuum keeps it
    settings.PORTAL_SEARCH_COUNT_LIMIT = 14
    settings.PORTAL_SEARCH_WALK_ROWS = {"walked": 61, "walked on": 4, "sorted": 1}[read]
    expected = list(
        Submission.objects.filter(title__startswith="Kế Sách")
        .order_by("-published_at", "-id")
        .values_list("title", flat=True)
    )[:14]
    shown = []
    for number in (1, 2):  # 12 and 2
        with CaptureQueriesContext(connection) as queries:
            html = client.get("/soc-trang/", {"q": "ke sach", "page": number}).content.decode()
        assert _count(html) == "hơn 14 kết quả"
        sqls = [q["sql"] for q in queries.captured_queries]
        walks = [sql for sql in sqls if re.search(r"LIMIT 1 OFFSET \d+\)", sql)]
        sorted_keys = [sql for sql in sqls if "found.sort_1 DESC LIMIT" in sql]
        if read == "sorted":
            assert sorted_keys, sqls
        else:  # walked: one walk; walked on: a walk of 4 rows (2 matches: half the items), then a walk on
            assert (len(walks), sorted_keys) == ((1 if read == "walked" else 2), []), sqls
        shown += sorted((html.index(title), title) for title in expected if title in html)
    assert [title for _, title in shown] == expected


def test_a_thousand_is_written_the_vietnamese_way():
    from django.utils import translation

    from portal.search import result_count_label

    with translation.override("vi"):
        assert result_count_label(1000, more=True) == "hơn 1.000 kết quả"
        assert result_count_label(12) == "12 kết quả"


def test_the_review_queue_title_filter_matches_without_tones(client, alice, editor):
    for title in TITLES:
        make_submitted(alice, title=title)
    client.force_login(editor)
    url = reverse("submissions:review_queue")
    for typed in ("ke sach", "KE SACH", "Kế Sách"):
        html = client.get(url, {"q": typed}).content.decode()
        assert _titles_found(html) == set(TITLES[:3]), typed
        assert _count(html) == "3 kết quả"
    html = client.get(url, {"q": "dan van"}).content.decode()
    assert _titles_found(html) == {TITLES[1]}
    # A part of a word of the title.
    assert _titles_found(client.get(url, {"q": "nang hoc"}).content.decode()) == {TITLES[2]}


def test_the_unit_pickers_match_without_tones_with_a_count(client, committee, unit, other_unit, editor):
    portal_services.unit_create(
        code="dai-ngai", name="Ủy ban MTTQ Việt Nam xã Đại Ngãi", kind=Unit.Kind.COMMUNE, parent=unit
    )
    client.force_login(editor)
    # The units page's search box.
    html = client.get(reverse("units:unit_list"), {"q": "ke sach"}).content.decode()
    assert "huyện Kế Sách" in html and "huyện Mỹ Tú" not in html
    assert _count(html) == "1 kết quả"
    # The pickers' answer (the review queue's, the reports' activity list's).
    data = client.get(reverse("units:unit_list"), {"format": "json", "q": "DAI NGAI"}).json()
    assert data["units"] == [["dai-ngai", "Ủy ban MTTQ Việt Nam xã Đại Ngãi"]]
    assert data["count_label"] == "1 kết quả"
    data = client.get(reverse("units:unit_list"), {"format": "json", "q": "mttq huyen"}).json()
    assert sorted(code for code, _ in data["units"]) == ["ke-sach", "my-tu"] and data["count"] == 2
    # The queue's unit select asks for it.
    queue = client.get(reverse("submissions:review_queue")).content.decode()
    assert 'data-unit-search="/units/?format=json&amp;short=1"' in queue


def test_the_public_unit_picker_offers_only_units_with_published_items(client, published, other_unit):
    data = client.get("/soc-trang/units/", {"q": "ke sach"}).json()
    assert data["units"] == [["ke-sach", "Ủy ban MTTQ Việt Nam huyện Kế Sách"]] and data["count_label"] == "1 kết quả"
    # Mỹ Tú published nothing: not offered on the public site.
    assert client.get("/soc-trang/units/", {"q": "my tu"}).json()["count"] == 0
    assert 'data-unit-search="/soc-trang/units/"' in client.get("/soc-trang/").content.decode()


def test_searches_are_rate_limited_per_address_with_a_vietnamese_page(client, published, settings):
    settings.PORTAL_SEARCH_LIMIT_ANONYMOUS = 3
    for _ in range(3):
        assert client.get("/soc-trang/", {"q": "ke sach"}).status_code == 200
    response = client.get("/soc-trang/", {"q": "dan van"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Bạn đã tìm kiếm nhiều lần" in html and response["Retry-After"] == str(settings.PORTAL_SEARCH_WINDOW)
    assert "<nav" in html  # in the portal's layout
    # Another address is not held back, and pages without a search are never limited.
    assert client.get("/soc-trang/", {"q": "ke sach"}, REMOTE_ADDR="10.0.0.9").status_code == 200
    assert client.get("/soc-trang/").status_code == 200


def test_the_rate_limit_uses_the_address_the_trusted_proxy_vouches_for(client, published, settings):
    settings.PORTAL_SEARCH_LIMIT_ANONYMOUS = 2
    settings.PORTAL_TRUSTED_PROXIES = 1
    spoofed = {"HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.7"}
    for _ in range(2):
        assert client.get("/soc-trang/", {"q": "ke sach"}, **spoofed).status_code == 200
    # Changing the part the client writes itself does not make a new client.
    spoofed = {"HTTP_X_FORWARDED_FOR": "9.9.9.9, 203.0.113.7"}
    assert client.get("/soc-trang/", {"q": "ke sach"}, **spoofed).status_code == 429
    other = {"HTTP_X_FORWARDED_FOR": "203.0.113.8"}
    assert client.get("/soc-trang/", {"q": "ke sach"}, **other).status_code == 200


def test_signed_in_searches_are_limited_per_account(client, alice, editor, settings):
    make_submitted(alice, title=TITLES[0])
    settings.PORTAL_SEARCH_LIMIT_SIGNED_IN = 2
    client.force_login(editor)
    url = reverse("submissions:review_queue")
    assert [client.get(url, {"q": "ke sach"}).status_code for _ in range(3)] == [200, 200, 429]
    assert "Bạn đã tìm kiếm nhiều lần" in client.get(url, {"q": "x"}).content.decode()
    assert client.get(url).status_code == 200  # the queue without a search
    # Another person at the same address searches on.
    client.force_login(_other_editor(editor))
    assert client.get(url, {"q": "ke sach"}).status_code == 200


def _other_editor(editor):
    from portal.models import Role

    return portal_services.account_create(
        username="bich",
        email="bich@example.com",
        role=Role.EDITOR,
        committee=editor.committee,
        password="x-Strong-passw0rd",
    )


@pytest.mark.redis
def test_search_keeps_working_when_redis_is_down(client, published, settings):
    # The portal's cache fails open to local memory (portal.cache): the rate limit goes on counting.
    settings.CACHES = {"default": {"BACKEND": "portal.cache.FailOpenRedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}
    settings.PORTAL_SEARCH_LIMIT_ANONYMOUS = 2
    assert [client.get("/soc-trang/", {"q": "ke sach"}).status_code for _ in range(3)] == [200, 200, 429]


# --- PostgreSQL: by index ------------------------------------------------------------------------


@pytest.fixture
def archive(alice, editor):
    """4,000 items of one committee (as the demo archive, bulk-written), half of them published, 13
    about Kế Sách, and the table analysed: a search must find those without reading the others."""
    model = make_published(alice, editor, title=TITLES[0])
    words = ["phong trào", "thi đua", "nông thôn mới", "an sinh xã hội", "bảo vệ môi trường", "đại đoàn kết"]
    Submission.objects.bulk_create(
        [
            Submission(
                committee=model.committee, unit=model.unit, author=alice,
                title=("Kế Sách " if i % 333 == 0 else "") + f"Tin số {i} về {words[i % 6]} {words[(i // 6) % 6]}",
                body=f"<p>Nội dung {i}: {words[(i // 36) % 6]}.</p>", state=("published", "submitted")[i % 2],
                published_at=model.published_at, first_submitted_at=model.first_submitted_at,
            )
            for i in range(4000)
        ],
        batch_size=1000,
    )  # fmt: skip
    search_text_refresh(Submission.objects.all())
    with connection.cursor() as cursor:
        # As autovacuum would: merge the GIN indexes' pending lists (fast updates), then analyse.
        for index in ("submission_search_vector", "submission_title_vector", "submission_title_folded_trgm"):
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
        cursor.execute("ANALYZE submissions_submission")
    return model


def _plan(queryset) -> str:
    """The plan, with sequential scans priced out: at 4,000 rows reading the whole table is still
    cheap enough for the planner to prefer it; what matters is that an index *can* answer."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def _explain(queryset) -> str:
    """The plan PostgreSQL would really use (unlike ``_plan``, nothing priced out)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def _search_pages(committee, q: str):
    from portal.search import SearchPaginator
    from submissions.selectors import PublicFilters, public_search

    return SearchPaginator(public_search(committee, PublicFilters(q=q)), 12)


@pytest.mark.postgres
def test_postgres_public_search_uses_the_vector_index(client, archive):
    from submissions.selectors import PublicFilters, public_items

    plan = _plan(public_items(archive.committee, PublicFilters(q="ke sach")))
    assert "submission_search_vector" in plan, plan
    # No trigram branch: its posting lists of common syllables ("ong", "ach") are as long as the archive.
    assert "submission_title_folded_trgm" not in plan and "Seq Scan on submissions_submission" not in plan, plan
    html = client.get("/soc-trang/", {"q": "KE SACH"}).content.decode()
    published_about_ke_sach = 1 + sum(1 for i in range(4000) if i % 333 == 0 and i % 2 == 0)
    assert _count(html) == f"{published_about_ke_sach} kết quả"  # the others wait in the queue


@pytest.mark.postgres
def test_postgres_search_pages_within_the_count_limit_are_read_by_primary_key(client, archive):
    """8 matches: the count finds them by the vector index (and stops at the limit); the page reads
    those rows by primary key, never by walking the archive in list order."""
    pages = _search_pages(archive.committee, "ke sach")
    with CaptureQueriesContext(connection) as queries:
        assert pages.count == 8 and not pages.capped
    # The words as typed, then (fewer than a page) the last one partly typed: each found by index.
    counts = [q["sql"] for q in queries.captured_queries if "submissions_submission" in q["sql"]]
    assert len(counts) == 2
    for sql in counts:
        assert "LIMIT 1001" in sql
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN " + sql)
            count_plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "submission_search_vector" in count_plan, count_plan
        assert "Seq Scan on submissions_submission" not in count_plan, count_plan
    page = pages.page(1)
    plan = _explain(page.object_list)
    assert "submissions_submission_pkey" in plan, plan
    assert "submission_public_order" not in plan and "Seq Scan on submissions_submission" not in plan, plan
    titles = [item.title for item in page]
    assert len(titles) == 8 and all(title.startswith(("Kế Sách", "Ke Sach")) for title in titles)
    newest_first = [(item.published_at, item.pk) for item in page]
    assert newest_first == sorted(newest_first, reverse=True)


def _page_queries(pages, number: int) -> tuple[list, list[str]]:
    """A page's rows, and the SQL of the queries that read the items table to make it."""
    with CaptureQueriesContext(connection) as queries:
        rows = list(pages.page(number))
    return rows, [q["sql"] for q in queries.captured_queries if 'FROM "submissions_submission"' in q["sql"]]


@pytest.mark.postgres
def test_postgres_search_pages_past_the_count_limit_walk_the_newest_first_index(client, archive, settings):
    """More matches than the limit: a page is the first matches met walking the list's order index,
    the search checked on each row (a bitmap scan would read and sort every match first); the walk
    is a range of that index, ending at the list's ``PORTAL_SEARCH_WALK_ROWS``-th row."""
    settings.PORTAL_SEARCH_COUNT_LIMIT = 5
    settings.PORTAL_SEARCH_WALK_ROWS = 1500  # the 5th match is the 1,333rd published row
    pages = _search_pages(archive.committee, "ke sach")
    assert pages.capped
    rows, sqls = _page_queries(pages, 1)
    assert len(rows) == 5 and not [sql for sql in sqls if "OFFSET 0" in sql]
    (walk,) = [sql for sql in sqls if "ts_match_vq" in sql and "OFFSET" in sql]  # then its rows by key
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + walk)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    # The list's order index, read in order (no sort of the items read), every row checked.
    assert "Index Scan using submission_public_order on submissions_submission " in plan, plan
    assert "ts_match_vq" in plan and "Bitmap" not in plan, plan
    assert "Sort Key: submissions_submission.published_at" not in plan, plan
    # Bounded: the index is read from the newest row down to the walk's last one (found by a
    # subquery of the same statement), not to the end.
    assert re.search(r"Index Cond: .*ROW\(published_at, id\) >= ROW\(\$0, \$1\)", plan), plan
    html = client.get("/soc-trang/", {"q": "ke sach"}).content.decode()
    assert _count(html) == "hơn 5 kết quả" and html.count("Kế Sách") >= 5


@pytest.mark.postgres
def test_postgres_a_page_the_walk_does_not_reach_sorts_the_matches_found_by_index(archive, settings):
    """A page past the limit that the newest ``PORTAL_SEARCH_WALK_ROWS`` rows do not hold (the matches
    are 333 rows apart here): its rows are the matches found by the vector index, sorted by the
    database, never a walk of the whole archive (each row's vector read: 5 µs a real article)."""
    from portal.search import SearchPaginator
    from submissions.selectors import PublicFilters, public_items, public_search

    settings.PORTAL_SEARCH_COUNT_LIMIT = 5
    settings.PORTAL_SEARCH_WALK_ROWS = 50
    expected = list(public_items(archive.committee, PublicFilters(q="ke sach")).values_list("pk", flat=True))
    pages = SearchPaginator(public_search(archive.committee, PublicFilters(q="ke sach")), 2)
    assert pages.capped and pages.num_pages == 3
    for number in (1, 2, 3):
        rows, sqls = _page_queries(pages, number)
        assert [row.pk for row in rows] == expected[(number - 1) * 2 : min(number * 2, 5)]  # the count stops at 5
        (sorted_keys,) = [sql for sql in sqls if "OFFSET 0" in sql]
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")  # 4,000 rows: a whole read is still cheap here
            cursor.execute("EXPLAIN " + sorted_keys)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "submission_search_vector" in plan and "submission_public_order" not in plan, plan
    # With room enough (the whole list: 2,001 published items), the walk reads the same rows.
    settings.PORTAL_SEARCH_WALK_ROWS = 2001
    pages = SearchPaginator(public_search(archive.committee, PublicFilters(q="ke sach")), 2)
    for number in (1, 2, 3):
        rows, sqls = _page_queries(pages, number)
        assert [row.pk for row in rows] == expected[(number - 1) * 2 : min(number * 2, 5)]  # the count stops at 5
        assert not [sql for sql in sqls if "OFFSET 0" in sql]


@pytest.mark.postgres
def test_postgres_a_search_of_the_newest_items_reads_only_their_days_in_the_index(archive, settings):
    """The search index holds each published item's committee and day beside its words: a search of the
    newest items gives the index that range of days, so that it reads the words' entries of those days
    only (a range of ``published_at`` alone would be checked row by row after every match of the whole
    archive was found). A search of the older items does not: its days are most of the archive."""
    from portal.search import SearchPaginator
    from submissions.selectors import PublicFilters, public_search, search_since

    published = Submission.objects.filter(committee=archive.committee, state="published")
    published.update(published_at=F("published_at") - datetime.timedelta(days=1) * (F("id") % 100))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE submissions_submission")
    settings.PORTAL_SEARCH_RECENT_ITEMS = 200
    since = search_since(archive.committee)
    assert since is not None
    start = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
    assert (
        published.filter(published_at__gte=start).count()
        >= 200
        > published.filter(published_at__gte=start + datetime.timedelta(days=1)).count()
    )

    def index_conditions(queryset) -> list[str]:
        return [line for line in _plan(queryset).splitlines() if "Index Cond" in line]

    for read in public_search(archive.committee, PublicFilters(q="ke sach"), since=since):  # as typed, partly typed
        conditions = " ".join(index_conditions(read.by_index))
        assert re.search(
            r"_vector @@ .*ARRAY\[.*committee_id \* 1000000.*\] && '\{[\d,]+\}'::bigint\[\]", conditions
        ), conditions
    about_ke_sach = published.filter(title__startswith="Kế Sách")
    pages = SearchPaginator(public_search(archive.committee, PublicFilters(q="ke sach"), since=since), 12)
    assert pages.count == about_ke_sach.filter(published_at__gte=start).count()
    older = PublicFilters(q="ke sach", before=since)
    (read, *_partly) = public_search(archive.committee, older)
    conditions = " ".join(index_conditions(read.by_index))
    assert "submission_search_vector" in _plan(read.by_index) and "1000000" not in conditions, conditions
    assert SearchPaginator([read], 12).count == about_ke_sach.filter(published_at__lt=start).count()


@pytest.mark.postgres
def test_postgres_a_search_that_finds_nothing_reads_no_page(archive):
    pages = _search_pages(archive.committee, "khong ai viet")
    assert pages.count == 0
    with CaptureQueriesContext(connection) as queries:
        assert list(pages.page(1)) == []
    assert not [q for q in queries.captured_queries if "submissions_submission" in q["sql"]]


@pytest.mark.postgres
def test_postgres_the_last_word_is_partly_typed_only_when_the_words_find_less_than_a_page(client, alice, editor):
    """ "ke sa" are two words of 14 items: they fill the page; Kế Sách (the words in a row, the last
    one partly typed) is looked for only when the words as typed find fewer than a page."""
    model = make_published(alice, editor, title=TITLES[0])
    published_copies(model, alice, "Kể chuyện sa mạc số {}", 14)
    search_text_refresh(Submission.objects.filter(title__startswith="Kể chuyện"))
    html = client.get("/soc-trang/", {"q": "ke sa"}).content.decode()
    assert _count(html) == "14 kết quả" and TITLES[0] not in html
    html = client.get("/soc-trang/", {"q": "ke sach"}).content.decode()
    assert _count(html) == "1 kết quả" and TITLES[0] in html


@pytest.mark.postgres
def test_postgres_a_partly_typed_title_is_read_in_the_titles_own_vector(client, archive, alice, editor):
    """ "cu lao du": the words as typed find nothing; the titles with "cu", "lao" and a word starting
    with "du" are found by the title's own index and each checked in that small vector for the words in
    a row, never in the items' whole vectors (an article's is kilobytes stored out of line). Items
    written in bulk are found once refreshed, an edited title at once."""
    from submissions.selectors import PublicFilters, public_search

    published_copies(archive, alice, "Cù Lao Dung lưu trữ số {}", 3)
    published_copies(archive, alice, "Lao động ở Cù Lao số {}", 2)  # the words, not in a row
    search_text_refresh(Submission.objects.filter(title__contains="Lao"))
    html = client.get("/soc-trang/", {"q": "cu lao du"}).content.decode()
    assert _count(html) == "3 kết quả" and "Lao động ở Cù Lao" not in html
    by_index = public_search(archive.committee, PublicFilters(q="cu lao du"))[-1].by_index
    plan = _plan(by_index)
    assert "submission_title_vector" in plan and "ts_match_vq(title_vector" in plan, plan
    assert "ts_match_vq(search_vector" not in plan, plan
    item = make_published(alice, editor, title="Tin khác trong ngày")
    item.title = "Cù Lao Dung hôm nay"
    item.save(update_fields=["title"])
    assert _count(client.get("/soc-trang/", {"q": "cu lao du"}).content.decode()) == "4 kết quả"


@pytest.mark.postgres
def test_postgres_review_queue_title_filter_uses_the_trigram_index(archive, editor):
    from submissions.selectors import QueueFilters, review_queue

    plan = _plan(review_queue(editor, QueueFilters(q="Kế Sách")))
    assert "submission_title_folded_trgm" in plan, plan
    assert "Seq Scan on submissions_submission" not in plan, plan


@pytest.mark.postgres
def test_postgres_stores_a_weighted_vector_of_the_folded_text(published):
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM submissions_submission WHERE id = %s", [published[1].pk])
        vector = cursor.fetchone()[0]
    assert "'ke':" in vector and "A" in vector and "'dan':" in vector
    assert "kế" not in vector


def test_the_unit_pickers_of_forms_answer_with_ids(client, committee, unit, other_unit, admin_user):
    """The invitation's unit select and the plan form's units (selects and checkbox lists) ask for
    ids; a checkbox list gets every match, to hide the others."""
    client.force_login(admin_user)
    data = client.get(reverse("units:unit_list"), {"format": "json", "value": "pk", "all": "1", "q": "my tu"}).json()
    assert data["units"] == [[str(other_unit.pk), "Ủy ban MTTQ Việt Nam huyện Mỹ Tú"]]
    invite = client.get(reverse("portal:invite")).content.decode()
    assert 'data-unit-search="/units/?format=json&amp;value=pk"' in invite
    plan_form = client.get(reverse("schedule:plan_create")).content.decode()
    assert plan_form.count('data-unit-checklist="/units/?format=json&amp;value=pk&amp;all=1"') == 2  # two quota units
    assert 'data-search-label="Tìm đơn vị"' in plan_form
