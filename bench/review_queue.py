"""Benchmark: the review queue and the public list with 20,000 and 200,000 items (PostgreSQL).

    .venv/bin/python bench/review_queue.py            # DATABASE_URL or postgres://postgres@127.0.0.1:5432/bench_queue

Drops and re-creates that database (its name must start with 'bench'), migrates it, and fills two
committees with 3,300 units each by COPY: one with 20,000 items, the other with 200,000 (one photo
each). Then measures the same pages of both committees through Django's test client, interleaved
request by request with the baseline (/healthz: one SELECT 1 through the whole middleware stack):
each round asks /healthz, then the page at 20,000 items, then at 200,000, in a rotating order, so a
burst of load from elsewhere on the machine hits all three alike. Queries per page (they must not
grow) and the median of the rounds. Public pages are measured both as rendered (the page cache
emptied before each request) and as a second reader gets them (from the cache).
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from benchdb import fresh_database  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_queue"
os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ["DJANGO_DEBUG"] = "1"  # plain static storage (no collectstatic needed)
os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver,localhost"
os.environ.pop("REDIS_URL", None)
os.environ.pop("CELERY_BROKER_URL", None)

UNITS = 3300
STEPS = (20_000, 200_000)
RUNS = 15
WAITING = ("submitted", "in_review", "approved")


def setup_django() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def base_objects(prefix: str):
    from portal.models import Role, Unit, User

    committee = Unit.objects.create(code=prefix, name=f"Ủy ban MTTQ tỉnh (benchmark {prefix})", kind="committee")
    committee.committee = committee
    committee.save(update_fields=["committee"])
    Unit.objects.bulk_create(
        Unit(code=f"{prefix}-{i:04d}", name=f"Đơn vị {i:04d}", kind="commune", parent=committee, committee=committee)
        for i in range(UNITS)
    )
    unit_ids = list(Unit.objects.filter(committee=committee).exclude(pk=committee.pk).values_list("pk", flat=True))
    author = User.objects.create(username=f"{prefix}-author", role=Role.CORRESPONDENT, unit_id=unit_ids[0],
                                 committee=committee)  # fmt: skip
    editor = User.objects.create(username=f"{prefix}-editor", role=Role.EDITOR, committee=committee)
    return committee, unit_ids, author, editor


def fill(committee, unit_ids: list[int], author, editor, start: int, stop: int) -> float:
    """COPY items start..stop-1 and one photo each. Returns seconds taken."""
    from django.db import connection

    from portal.text import fold

    rng = random.Random(start)
    began = time.perf_counter()
    now = datetime.datetime.now(datetime.UTC)
    items = io.StringIO()
    for i in range(start, stop):
        submitted = now - datetime.timedelta(minutes=(STEPS[-1] - i) * 3)
        roll = rng.random()
        state = "published" if roll < 0.75 else WAITING[int(roll * 100) % 3] if roll < 0.9 else "changes_requested"
        published = submitted + datetime.timedelta(hours=5) if state == "published" else None
        held = editor.pk if state == "in_review" else None
        row = [
            committee.pk, unit_ids[i % len(unit_ids)], author.pk, "news" if i % 3 else "article",
            f"Tin số {i} về phong trào thi đua ở cơ sở", "Tóm tắt.", "<p>Nội dung của tin.</p>", "", state,
            submitted.isoformat(), submitted.isoformat(), submitted.isoformat(),
            submitted.date().replace(day=1).isoformat(), published.isoformat() if published else r"\N",
            "t" if i % 17 == 0 else "f", "1", str(held) if held else r"\N", "", "1",
            fold(f"Tin số {i} về phong trào thi đua ở cơ sở"), fold("Tóm tắt.\nNội dung của tin."),
        ]  # fmt: skip
        items.write("\t".join(str(v) for v in row) + "\n")
    columns = (
        "committee_id, unit_id, author_id, kind, title, summary, body, event_place, state, created_at, updated_at,"
        " first_submitted_at, quota_month, published_at, is_late, version_count, held_by_id, duplicate_status,"
        " lock_version, title_folded, body_folded"
    )
    raw = connection.connection  # psycopg 3
    with raw.cursor() as cursor:
        with cursor.copy(f"COPY submissions_submission ({columns}) FROM STDIN") as copy:
            copy.write(items.getvalue())
        cursor.execute(
            """
            INSERT INTO submissions_photo (submission_id, file, original_name, caption, credit, width, height,
                size, sha256, quality_report, verdict, problem_codes, sort_order, created_at, removed,
                acceptance_reason, thumbnail, page_image)
            SELECT id, 'photos/' || id || '/x.jpg', 'x.jpg', 'Ảnh', 'CTV', 1600, 1200, 500000, '', '{}'::jsonb,
                CASE WHEN id %% 23 = 0 THEN 'fail' WHEN id %% 7 = 0 THEN 'warn' ELSE 'pass' END,
                CASE WHEN id %% 23 = 0 THEN ',blurry,' WHEN id %% 7 = 0 THEN ',tilted,' ELSE '' END,
                1, created_at, false, '', '', ''
            FROM submissions_submission s
            WHERE committee_id = %s AND NOT EXISTS (SELECT 1 FROM submissions_photo p WHERE p.submission_id = s.id)
            """,
            [committee.pk],
        )
        cursor.execute("ANALYZE submissions_submission; ANALYZE submissions_photo")
    raw.commit()
    return time.perf_counter() - began


def count_queries(client, url: str, fresh: bool) -> int:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        assert client.get(url).status_code == 200, url
    if fresh:
        cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return len(ctx.captured_queries)


def timed(client, url: str, fresh: bool) -> float:
    from django.core.cache import cache
    from django.db import reset_queries

    reset_queries()
    if fresh:
        cache.clear()  # not timed: the page is rendered, not served from the public page cache
    began = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - began
    assert response.status_code == 200, url
    return elapsed


def main() -> None:
    url = os.environ["DATABASE_URL"]
    fresh_database(url)
    setup_django()
    from django.test import Client

    small, large = STEPS
    sites = {}
    for size, prefix in ((small, "bench-small"), (large, "bench-large")):
        committee, unit_ids, author, editor = base_objects(prefix)
        took = fill(committee, unit_ids, author, editor, 0, size)
        print(f"filled {prefix} with {size:,} items in {took:.1f} s", flush=True)
        client = Client()
        client.force_login(editor)
        sites[size] = (prefix, client)
    anonymous = Client()
    # (name, anonymous?, path with {c} for the committee's code, rendered afresh?)
    pages = [
        ("queue, page 1 (oldest first)", False, "/review/", False),
        ("queue, page 20", False, "/review/?page=20", False),
        ("queue, one unit", False, "/review/?unit={c}-0042", False),
        ("queue, failing photos", False, "/review/?photo=fail", False),
        ("queue, late items", False, "/review/?late=1", False),
        ("queue, title search", False, "/review/?q=s%E1%BB%91+1234", False),
        ("public list, page 1, rendered", True, "/{c}/", True),
        ("public list, page 50, rendered", True, "/{c}/?page=50", True),
        ("public list, one unit, rendered", True, "/{c}/?unit={c}-0042", True),
        ("public list, page 1, cached", True, "/{c}/", False),
    ]
    results: dict[str, dict] = {}
    for name, anon, path, fresh in pages:
        subjects = {
            size: (anonymous if anon else client, path.format(c=prefix)) for size, (prefix, client) in sites.items()
        }
        queries = {size: count_queries(c, u, fresh) for size, (c, u) in subjects.items()}
        times: dict = {"healthz": [], small: [], large: []}
        order = ["healthz", small, large]
        for run in range(RUNS):
            for subject in order[run % 3 :] + order[: run % 3]:  # rotate who goes first
                if subject == "healthz":
                    times["healthz"].append(timed(anonymous, "/healthz", False))
                else:
                    c, u = subjects[subject]
                    times[subject].append(timed(c, u, fresh))
        med = {k: statistics.median(v) * 1000 for k, v in times.items()}
        results[name] = {"queries": queries, "ms": med}
        print(f"  {name:<34} {queries[small]:>3}/{queries[large]:>3} queries  healthz {med['healthz']:6.2f} ms"
              f"  20k {med[small]:7.1f} ms  200k {med[large]:7.1f} ms  200k/20k {med[large] / med[small]:5.2f}",
              flush=True)  # fmt: skip

    print()
    print(f"| page | queries at {small // 1000}k | queries at {large // 1000}k | median at {small // 1000}k "
          f"| median at {large // 1000}k | {large // 1000}k / {small // 1000}k | {large // 1000}k / `/healthz` |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, r in results.items():
        q, ms = r["queries"], r["ms"]
        print(f"| {name} | {q[small]} | {q[large]} | {ms[small]:.1f} ms | {ms[large]:.1f} ms "
              f"| {ms[large] / ms[small]:.2f} | {ms[large] / ms['healthz']:.0f} |")  # fmt: skip
    base = statistics.median(r["ms"]["healthz"] for r in results.values())
    print(f"\n/healthz, interleaved with every page: median {base:.2f} ms")


if __name__ == "__main__":
    main()
