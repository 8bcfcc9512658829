"""Benchmark: the public site's search at 20,000 and 200,000 items (PostgreSQL), interleaved in one
run: the search of every published item (as it was before 2026-12-05, ``PORTAL_SEARCH_RECENT_ITEMS`` =
0), the new one (the committee's newest ``PORTAL_SEARCH_RECENT_ITEMS`` items, 20,000, read by the search
index's blocks of days), and, at 200,000 items, the search of the older items that the new one links to.
Both use the same bounded count that picks how the page is read (``portal.search.SearchPaginator``).
``--earlier`` adds the first search (a text vector computed on every row, OR title ICONTAINS: a
sequential scan; short bodies only) and the first indexed one (stored vector OR trigram GIN on the
folded title, 2026-11).

    .venv/bin/python bench/search.py                 # DATABASE_URL or postgres://postgres@127.0.0.1:5432/bench_search
    .venv/bin/python bench/search.py --bodies long   # articles of real length (about 700 words each)

Drops and re-creates that database (its name must start with 'bench'), migrates it, and fills one
committee with items in two steps (20,000, then 200,000, published 3 minutes apart, so that the archive
grows in time as a real one does: the newer 180,000 come second) with COPY, the folded columns computed
by ``portal.text.fold`` in Python and the vectors in SQL, then VACUUM ANALYZE; after the first step it
copies the database (``<name>_20k``, dropped at the end). For the QUERIES below it times what the public
list runs for a search: the count (bounded at 1,000) and the page of 12 with its photos. Each round reads
both databases one after the other (the order of the sizes and of the searches reversed every other
round), so that both sizes and all searches are measured at the same moments; medians of ROUNDS.

Then, for the searches with more matches than the count's bound, it times pages past the bound: the
first and the last one offered, read as the public list reads them now (a walk of at most
``PORTAL_SEARCH_WALK_ROWS`` rows, else the matches sorted) and by an unbounded walk (before
2026-12-04), alternating.

``--bodies short`` (the default) gives each item a one-sentence body: cheap to check row by row, as
the vectors fit in the row. ``--bodies long`` gives each about 700 words (syllables drawn from a
vocabulary of 1,500 with Zipf's law, as in a real news item), so that each vector is several
kilobytes stored out of line, as a real article's is.
"""

from __future__ import annotations

import argparse
import datetime
import io
import itertools
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from benchdb import copy_database, drop_database, fresh_database  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_search"
os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ["DJANGO_DEBUG"] = "1"
os.environ.pop("REDIS_URL", None)
os.environ.pop("CELERY_BROKER_URL", None)

STEPS = (20_000, 200_000)
ROUNDS = 7
PAGE = 12
# A place name with tones, without; a common phrase; a place name without tones or "đ" (its three
# words always together); the same partly typed; below the count's bound at both sizes; below it at
# 20,000 and past it at 200,000; words nobody wrote.
QUERIES = [
    "Kế Sách", "ke sach", "dân vận khéo", "cu lao dung", "cu lao d", "kế sách 2015", "thạnh trị phát động",
    "không ai viết",
]  # fmt: skip
PLACES = [
    "Kế Sách", "Mỹ Tú", "Châu Thành", "Long Phú", "Cù Lao Dung", "Mỹ Xuyên", "Thạnh Trị", "Trần Đề",
    "Ngã Năm", "Vĩnh Châu", "Sóc Trăng", "Đại Ngãi", "An Lạc Tây", "Phong Nẫm", "Ba Trinh", "Nhơn Mỹ",
    "Đại Hải", "Thới An Hội", "Xuân Hòa", "Trinh Phú", "An Mỹ", "Kế An", "Kế Thành", "Hồ Đắc Kiện",
]  # fmt: skip
TOPICS = [
    "xây dựng nông thôn mới", "phong trào Dân vận khéo", "an sinh xã hội", "bảo vệ môi trường",
    "đại đoàn kết toàn dân tộc", "giám sát, phản biện xã hội", "Ngày hội Đại đoàn kết", "hỗ trợ hộ nghèo",
    "chuyển đổi số", "phòng chống thiên tai", "Mái ấm Đại đoàn kết", "gương người tốt, việc tốt",
]  # fmt: skip
VERBS = ["tổ chức", "biểu dương", "triển khai", "sơ kết", "tổng kết", "phát động", "thăm và tặng quà", "ra mắt mô hình"]


def base_objects():
    from portal.models import Role, Unit, User, units_folded_refresh

    committee = Unit.objects.create(code="bench-committee", name="Ủy ban MTTQ tỉnh (benchmark)", kind="committee")
    committee.committee = committee
    committee.save(update_fields=["committee"])
    Unit.objects.bulk_create(
        Unit(code=f"bench-{i:03d}", name=f"Ủy ban MTTQ {place}", kind="district", parent=committee, committee=committee)
        for i, place in enumerate(PLACES)
    )
    units_folded_refresh(Unit.objects.all())
    unit_ids = list(Unit.objects.filter(committee=committee).exclude(pk=committee.pk).values_list("pk", flat=True))
    author = User.objects.create(username="bench-author", role=Role.CORRESPONDENT, unit_id=unit_ids[0],
                                 committee=committee)  # fmt: skip
    return committee, unit_ids, author


ONSETS = ["", "b", "c", "ch", "d", "g", "gi", "h", "k", "kh", "l", "m", "n", "ng", "nh", "ph", "qu", "s", "t", "th", "tr", "v", "x"]  # fmt: skip
RHYMES = [
    "a", "ai", "am", "an", "ang", "anh", "ao", "au", "ay", "e", "em", "en", "eo", "i", "ich", "iem", "ien", "inh",
    "o", "oi", "om", "on", "ong", "u", "ua", "uc", "ui", "un", "ung", "uoc", "uoi", "uong", "uyen", "ut", "uy",
    "at", "ac", "ach", "et", "it", "ot", "oc", "ep", "ap", "op", "uat", "oan", "oang", "oai", "uan", "uon", "ieu",
    "ưu", "iu", "oa", "oe", "uo", "ươ", "yen", "ong", "ơi",
]  # fmt: skip
VOCABULARY = sorted({onset + rhyme for onset, rhyme in itertools.product(ONSETS, RHYMES)})
ZIPF = list(itertools.accumulate(1 / rank for rank in range(1, len(VOCABULARY) + 1)))
LONG_WORDS = 700


def long_body(rng: random.Random) -> str:
    """About 700 words of a news item: syllables by Zipf's law over the vocabulary (folded text)."""
    return " ".join(rng.choices(VOCABULARY, cum_weights=ZIPF, k=LONG_WORDS))


def fill(committee, unit_ids: list[int], author, start: int, stop: int, *, bodies: str = "short") -> float:
    """COPY items start..stop-1 (folded columns included), then their vectors in SQL, then VACUUM ANALYZE."""
    from django.db import connection

    from portal.text import fold

    rng = random.Random(start)
    began = time.perf_counter()
    now = datetime.datetime.now(datetime.UTC)
    rows = io.StringIO()
    for i in range(start, stop):
        published = now - datetime.timedelta(minutes=(STEPS[-1] - i) * 3)
        place = PLACES[int(rng.paretovariate(1.2)) % len(PLACES)]
        title = f"{place} {rng.choice(VERBS)} {rng.choice(TOPICS)} năm {2015 + i % 11}"
        summary = f"Tin số {i} của {place}."
        body = f"<p>{rng.choice(VERBS).capitalize()} {rng.choice(TOPICS)} tại {rng.choice(PLACES)}.</p>"
        if bodies == "long":
            body = f"{body[:-4]} {long_body(rng)}</p>"
        text = f"{summary}\n{body[3:-4]}"
        row = [
            committee.pk, unit_ids[PLACES.index(place)], author.pk, "news", title, summary, body, "", "published",
            published.isoformat(), published.isoformat(), published.isoformat(),
            published.date().replace(day=1).isoformat(), published.isoformat(), "f", "1", "0",
            "", fold(title), fold(text),
        ]  # fmt: skip
        rows.write("\t".join(str(v) for v in row) + "\n")
    columns = (
        "committee_id, unit_id, author_id, kind, title, summary, body, event_place, state, created_at, updated_at,"
        " first_submitted_at, quota_month, published_at, is_late, version_count, lock_version,"
        " duplicate_status, title_folded, body_folded"
    )
    raw = connection.connection  # psycopg 3
    with raw.cursor() as cursor:
        with cursor.copy(f"COPY submissions_submission ({columns}) FROM STDIN") as copy:
            copy.write(rows.getvalue())
        cursor.execute(
            "UPDATE submissions_submission SET search_vector ="
            " setweight(to_tsvector('simple', title_folded), 'A') || setweight(to_tsvector('simple', body_folded), 'B'),"
            " title_vector = to_tsvector('simple', title_folded)"
            " WHERE search_vector IS NULL"
        )
    raw.commit()
    raw.autocommit = True
    with raw.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE submissions_submission")
    raw.autocommit = False
    return time.perf_counter() - began


def old_search(committee, q: str):
    """The search as it was (submissions.selectors._search before the index): the vector computed
    on every row, OR title ICONTAINS; and an unbounded count."""
    from django.contrib.postgres.search import SearchQuery, SearchVector
    from django.db.models import Q

    from submissions.models import Submission

    vector = SearchVector("title", weight="A", config="simple") + SearchVector(
        "summary", "body", weight="B", config="simple"
    )
    qs = Submission.objects.filter(committee=committee, state="published").annotate(search=vector)
    qs = qs.filter(Q(search=SearchQuery(q, config="simple", search_type="websearch")) | Q(title__icontains=q))
    qs = qs.select_related("unit", "topic").order_by("-published_at", "-id")
    count = qs.count()
    page = list(qs.prefetch_related("photos")[:PAGE])
    return count, page


def previous_search(committee, q: str):
    """The indexed search before the page plan (2026-11): the stored vector (websearch) OR the folded
    title LIKE (trigram GIN), a bounded count, and the page as the planner picks it."""
    from django.contrib.postgres.search import SearchQuery
    from django.db.models import Prefetch, Q

    from portal.search import BoundedPaginator
    from portal.text import fold
    from submissions.models import Photo, Submission

    folded = fold(q)
    condition = Q(search_vector=SearchQuery(folded, config="simple", search_type="websearch"))
    if len(folded) >= 3:
        condition |= Q(title_folded__contains=folded)
    qs = (
        Submission.objects.filter(committee=committee, state="published")
        .filter(condition)
        .select_related("unit", "topic")
        .prefetch_related(Prefetch("photos", queryset=Photo.objects.filter(removed=False).order_by("sort_order", "id")))
        .order_by("-published_at", "-id")
    )
    paginator = BoundedPaginator(qs, PAGE)
    page = list(paginator.get_page(1).object_list)
    return (f">{paginator.count}" if paginator.more else paginator.count), page


def _paged(reads):
    from portal.search import SearchPaginator

    paginator = SearchPaginator(reads, PAGE)
    page = list(paginator.get_page(1).object_list)  # the rows and their photos, as the page shows them
    return (f">{paginator.count}" if paginator.more else paginator.count), page


def every_item_search(committee, q: str):
    """The search before 2026-12-05 (``PORTAL_SEARCH_RECENT_ITEMS`` = 0): every published item's words
    (``public_search`` without ``since``), the search's paginator (a bounded count that picks the page's
    plan), one page."""
    from submissions.selectors import PublicFilters, public_search

    return _paged(public_search(committee, PublicFilters(q=q)))


def new_search(committee, q: str):
    """What the public list runs now (``submissions.public_views.public_index``): the newest
    ``PORTAL_SEARCH_RECENT_ITEMS`` items (from the day of the last of them, ``search_since``, kept in the
    cache), read by the search index's blocks of days; the same paginator, one page."""
    from submissions.selectors import PublicFilters, public_search, search_since

    return _paged(public_search(committee, PublicFilters(q=q), since=search_since(committee)))


def older_search(committee, q: str):
    """The link under the newest items' results: the items published before that day (every one of them,
    as the search did before)."""
    from submissions.selectors import PublicFilters, public_search, search_since

    since = search_since(committee)
    if since is None:
        return "–", []
    return _paged(public_search(committee, PublicFilters(q=q, before=since)))


def past_the_bound(committee, q: str, number: str, *, bounded: bool):
    """A search's first or last page past the count's bound, count included, as the public list reads
    it now (``bounded``: a walk of at most ``PORTAL_SEARCH_WALK_ROWS`` rows, else the matches sorted)
    or as it did before 2026-12-04 (an unbounded walk of the list's order index). None when the
    search has no more matches than the bound."""
    from portal.search import SearchPaginator
    from submissions.selectors import PublicFilters, public_search, search_since

    class UnboundedWalk(SearchPaginator):
        def _past_the_limit(self, read, bottom, top):
            return list(read.walk[bottom:top])

    reads = public_search(committee, PublicFilters(q=q), since=search_since(committee))
    paginator = (SearchPaginator if bounded else UnboundedWalk)(reads, PAGE)
    if not paginator.more:
        return None
    return list(paginator.page(paginator.num_pages if number == "last" else 1).object_list)


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    began = time.perf_counter()
    result = fn(*args, **kwargs)
    return (time.perf_counter() - began) * 1000, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bodies", choices=["short", "long"], default="short", help="one sentence, or about 700 words")
    parser.add_argument(
        "--earlier", action="store_true", help="also the first search (a scan) and the first indexed one (2026-11)"
    )
    args = parser.parse_args()
    searches = [("every item", every_item_search), ("new", new_search), ("older", older_search)]
    if args.earlier:
        searches[:0] = (
            [("old", old_search), ("previous", previous_search)]
            if args.bodies == "short"
            else [("previous", previous_search)]
        )
    names = [name for name, _ in searches]
    url = os.environ["DATABASE_URL"]
    fresh_database(url)
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    committee, unit_ids, author = base_objects()
    # One database per size, the smaller a copy of the larger as it was at 20,000 items: the rounds below
    # switch between them, so that both sizes are measured on the same machine at the same moments.
    large_name = connection.settings_dict["NAME"]
    names_by_step = {STEPS[0]: f"{large_name}_20k", STEPS[1]: large_name}
    took = fill(committee, unit_ids, author, 0, STEPS[0], bodies=args.bodies)
    print(f"filled {STEPS[0]:,} items ({args.bodies} bodies) in {took:.1f} s", flush=True)
    connection.close()
    copy_database(url, large_name, names_by_step[STEPS[0]])
    connection.ensure_connection()
    took = fill(committee, unit_ids, author, STEPS[0], STEPS[1], bodies=args.bodies)
    print(f"filled {STEPS[1]:,} items ({args.bodies} bodies) in {took:.1f} s", flush=True)

    def use(step: int) -> None:
        """Read the database of ``step`` items from now on; the cache forgets the other's values (both
        have committee 1, and COPY published around the services, so nothing told the cache)."""
        connection.close()
        connection.settings_dict["NAME"] = names_by_step[step]
        cache.clear()
        for q in QUERIES:  # warm the connection and the cache, untimed
            for _name, fn in searches:
                fn(committee, q)

    results: dict[tuple[int, str, str], float] = {}
    counts: dict[tuple[int, str, str], object] = {}
    pages: dict[tuple[int, str, str, str], float] = {}
    times: dict[tuple[int, str, str], list[float]] = {}
    for r in range(ROUNDS):
        for step in STEPS if r % 2 == 0 else reversed(STEPS):
            use(step)
            for q in QUERIES:
                for name, fn in searches if r % 2 == 0 else reversed(searches):
                    ms, (count, _page) = timed(fn, committee, q)
                    times.setdefault((step, name, q), []).append(ms)
                    counts[(step, name, q)] = count
    for key, values in times.items():
        results[key] = statistics.median(values)
    for step in STEPS:
        for q in QUERIES:
            line = "  ".join(
                f"{name} {results[(step, name, q)]:8.1f} ms ({counts[(step, name, q)]} found)" for name in names
            )
            print(f"  {step:>7,}  {q!r:<22} {line}", flush=True)
    # Pages past the bound: the first and the last one offered, bounded walk or sort (now) and
    # unbounded walk (before), alternating.
    for step in STEPS:
        use(step)
        for q in QUERIES:
            if past_the_bound(committee, q, "first", bounded=True) is None:
                continue
            for number in ("first", "last"):
                values = {True: [], False: []}
                for r in range(ROUNDS):
                    for bounded in (True, False) if r % 2 == 0 else (False, True):
                        ms, _rows = timed(past_the_bound, committee, q, number, bounded=bounded)
                        values[bounded].append(ms)
                for bounded in (True, False):
                    pages[(step, q, number, "now" if bounded else "before")] = statistics.median(values[bounded])
                now, before = (pages[(step, q, number, when)] for when in ("now", "before"))
                print(f"  {step:>7,}  {q!r:<22} {number} page past the bound: unbounded walk {before:7.1f} ms"
                      f"  now {now:7.1f} ms", flush=True)  # fmt: skip
    connection.close()
    drop_database(url, names_by_step[STEPS[0]])

    small, large = STEPS
    s, b = f"{small // 1000}k", f"{large // 1000}k"

    def cell(step, name, q) -> str:
        return f"{results[(step, name, q)]:.1f} ms" if (step, name, q) in results else "–"

    print()
    shown = [name for name in names if name != "older"]
    header = " | ".join(f"{name} at {size}" for size in (s, b) for name in shown)
    print(f"| query | {header} | older at {b} | every item/new at {b} | every item {b}/{s} | **new {b}/{s}** | found at {b} (every item / new / older) |")  # fmt: skip
    print("|---|" + "---:|" * (2 * len(shown) + 4) + "---|")
    for q in QUERIES:
        row = " | ".join(cell(step, name, q) for step in (small, large) for name in shown)
        e1, n1, e2, n2 = (results[(step, name, q)] for step in (small, large) for name in ("every item", "new"))
        found = " / ".join(str(counts[(large, name, q)]) for name in ("every item", "new", "older"))
        print(f"| {q} | {row} | {cell(large, 'older', q)} | {e2 / n2:.2f} | {e2 / e1:.2f} | {n2 / n1:.2f} | {found} |")
    print()
    print("| query | items | page | unbounded walk (before) | now | before/now |")
    print("|---|---:|---|---:|---:|---:|")
    for (step, q, number, when), before in sorted(pages.items()):
        if when != "before":
            continue
        now = pages[(step, q, number, "now")]
        print(f"| {q} | {step:,} | {number} | {before:.1f} ms | {now:.1f} ms | {before / now:.2f} |")


if __name__ == "__main__":
    main()
