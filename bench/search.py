"""Benchmark: the public site's search at 20,000 and 200,000 items (PostgreSQL), interleaved in one
run: the search as it was at first (a text vector computed on every row, OR title ICONTAINS: a
sequential scan), the previous indexed one (stored vector OR trigram GIN on the folded title, a
bounded count, the page as the planner picks it) and the new one (the stored vector alone, a bounded
count that picks how the page is read: ``portal.search.SearchPaginator``).

    .venv/bin/python bench/search.py            # DATABASE_URL or postgres://postgres@127.0.0.1:5432/bench_search

Drops and re-creates that database (its name must start with 'bench'), migrates it, and fills one
committee with items in two steps (20,000, then 200,000) with COPY, the folded columns computed by
``portal.text.fold`` in Python and the vectors in SQL, then VACUUM ANALYZE. After each step, for
the QUERIES below, it times what the public list runs for a search: the count (bounded at 1,000 for
the indexed ones) and the page of 12 with its photos. The three alternate within each round (the
order reversed every other round); medians of ROUNDS.
"""

from __future__ import annotations

import datetime
import io
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_search"
os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ["DJANGO_DEBUG"] = "1"
os.environ.pop("REDIS_URL", None)
os.environ.pop("CELERY_BROKER_URL", None)

STEPS = (20_000, 200_000)
ROUNDS = {20_000: 5, 200_000: 5}  # the first query takes seconds at 200,000 items
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


def fresh_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    if not name.startswith("bench"):
        sys.exit(f"Refusing to drop {name!r}: the benchmark database's name must start with 'bench'.")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


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


def fill(committee, unit_ids: list[int], author, start: int, stop: int) -> float:
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
            " setweight(to_tsvector('simple', title_folded), 'A') || setweight(to_tsvector('simple', body_folded), 'B')"
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


def new_search(committee, q: str):
    """What the public list runs now (``submissions.public_views.public_index``): ``public_items``
    with the search, the search's paginator (a bounded count that picks the page's plan), one page."""
    from portal.search import SearchPaginator
    from submissions.selectors import PublicFilters, public_search

    paginator = SearchPaginator(public_search(committee, PublicFilters(q=q)), PAGE)
    page = list(paginator.get_page(1).object_list)  # the rows and their photos, as the page shows them
    return (f">{paginator.count}" if paginator.more else paginator.count), page


def timed(fn, *args) -> tuple[float, object]:
    began = time.perf_counter()
    result = fn(*args)
    return (time.perf_counter() - began) * 1000, result


def main() -> None:
    url = os.environ["DATABASE_URL"]
    fresh_database(url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    committee, unit_ids, author = base_objects()
    results: dict[tuple[int, str, str], float] = {}
    counts: dict[tuple[int, str, str], object] = {}
    done = 0
    for step in STEPS:
        took = fill(committee, unit_ids, author, done, step)
        done = step
        print(f"filled {step:,} items in {took:.1f} s", flush=True)
        old_search(committee, QUERIES[0])  # warm the caches once
        for q in QUERIES:
            previous_search(committee, q)
            new_search(committee, q)
        times: dict[tuple[str, str], list[float]] = {}
        for r in range(ROUNDS[step]):
            for q in QUERIES:
                order = [("old", old_search), ("previous", previous_search), ("new", new_search)]
                for name, fn in order if r % 2 == 0 else reversed(order):
                    ms, (count, _page) = timed(fn, committee, q)
                    times.setdefault((name, q), []).append(ms)
                    counts[(step, name, q)] = count
        for (name, q), values in times.items():
            results[(step, name, q)] = statistics.median(values)
        for q in QUERIES:
            old, prev, new = (results[(step, name, q)] for name in ("old", "previous", "new"))
            print(f"  {step:>7,}  {q!r:<22} old {old:9.1f} ms ({counts[(step, 'old', q)]} found)"
                  f"  previous {prev:7.1f} ms ({counts[(step, 'previous', q)]} found)"
                  f"  new {new:7.1f} ms ({counts[(step, 'new', q)]} found)  old/new {old / new:6.1f}x", flush=True)  # fmt: skip

    small, large = STEPS
    s, b = f"{small // 1000}k", f"{large // 1000}k"
    print()
    print(f"| query | old at {s} | previous at {s} | new at {s} | old at {b} | previous at {b} | new at {b} "
          f"| **old/new at {b}** | **previous/new at {b}** | previous {b}/{s} | **new {b}/{s}** "
          f"| found at {b} (old / new) |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for q in QUERIES:
        o1, p1, n1 = (results[(small, name, q)] for name in ("old", "previous", "new"))
        o2, p2, n2 = (results[(large, name, q)] for name in ("old", "previous", "new"))
        found = f"{counts[(large, 'old', q)]} / {counts[(large, 'new', q)]}"
        print(
            f"| {q} | {o1:.1f} ms | {p1:.1f} ms | {n1:.1f} ms | {o2:.1f} ms | {p2:.1f} ms | {n2:.1f} ms "
            f"| {o2 / n2:.0f} | {p2 / n2:.2f} | {p2 / p1:.2f} | {n2 / n1:.2f} | {found} |"
        )


if __name__ == "__main__":
    main()
