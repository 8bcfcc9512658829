"""Benchmark: the review queue and the public list with 20,000 and 200,000 items (PostgreSQL).

    .venv/bin/python bench/review_queue.py            # DATABASE_URL or postgres://postgres@127.0.0.1:5432/bench_queue

Drops and re-creates that database (its name must start with 'bench'), migrates it, fills one committee with 3,300 units and
200,000 items (one photo each) with COPY, in two steps (20,000, then 200,000), and after each step
measures pages through Django's test client: queries per page (they must not grow) and the median
server time of 15 requests. The baseline, measured in the same run, is /healthz (one SELECT 1
through the whole middleware stack) and each page at 20,000 items.
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


def fresh_database(url: str) -> None:
    """Drop and create the benchmark's own database, so every run starts from the same state."""
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    if not name.startswith("bench"):
        sys.exit(f"Refusing to drop {name!r}: the benchmark database's name must start with 'bench'.")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def setup_django() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def base_objects():
    from portal.models import Role, Unit, User

    committee = Unit.objects.create(code="bench-committee", name="Ủy ban MTTQ tỉnh (benchmark)", kind="committee")
    committee.committee = committee
    committee.save(update_fields=["committee"])
    Unit.objects.bulk_create(
        Unit(code=f"bench-{i:04d}", name=f"Đơn vị {i:04d}", kind="commune", parent=committee, committee=committee)
        for i in range(UNITS)
    )
    unit_ids = list(Unit.objects.filter(committee=committee).exclude(pk=committee.pk).values_list("pk", flat=True))
    author = User.objects.create(username="bench-author", role=Role.CORRESPONDENT, unit_id=unit_ids[0],
                                 committee=committee)  # fmt: skip
    editor = User.objects.create(username="bench-editor", role=Role.EDITOR, committee=committee)
    return committee, unit_ids, author, editor


def fill(committee, unit_ids: list[int], author, editor, start: int, stop: int) -> float:
    """COPY items start..stop-1 and one photo each. Returns seconds taken."""
    from django.db import connection

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
            "t" if i % 17 == 0 else "f", "1", str(held) if held else r"\N",
        ]  # fmt: skip
        items.write("\t".join(str(v) for v in row) + "\n")
    columns = (
        "committee_id, unit_id, author_id, kind, title, summary, body, event_place, state, created_at, updated_at,"
        " first_submitted_at, quota_month, published_at, is_late, version_count, held_by_id"
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


def measure(client, url: str) -> tuple[int, float]:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    queries = len(ctx.captured_queries)
    times = []
    for _ in range(RUNS):
        reset_queries()
        began = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - began)
    return queries, statistics.median(times) * 1000


def main() -> None:
    url = os.environ["DATABASE_URL"]
    fresh_database(url)
    setup_django()
    from django.test import Client

    committee, unit_ids, author, editor = base_objects()
    client = Client()
    client.force_login(editor)
    anonymous = Client()
    pages = [
        ("queue, page 1 (oldest first)", client, "/review/"),
        ("queue, page 20", client, "/review/?page=20"),
        ("queue, one unit", client, "/review/?unit=bench-0042"),
        ("queue, failing photos", client, "/review/?photo=fail"),
        ("queue, late items", client, "/review/?late=1"),
        ("queue, title search", client, "/review/?q=s%E1%BB%91+1234"),
        ("public list, page 1", anonymous, "/bench-committee/"),
        ("public list, page 50", anonymous, "/bench-committee/?page=50"),
        ("public list, one unit", anonymous, "/bench-committee/?unit=bench-0042"),
        ("baseline: /healthz", anonymous, "/healthz"),
    ]
    results: dict[str, dict[int, tuple[int, float]]] = {name: {} for name, _c, _u in pages}
    done = 0
    for step in STEPS:
        took = fill(committee, unit_ids, author, editor, done, step)
        done = step
        print(f"filled {step:,} items in {took:.1f} s", flush=True)
        for name, c, page_url in pages:
            results[name][step] = measure(c, page_url)
            q, ms = results[name][step]
            print(f"  {step:>7,}  {name:<32} {q:>3} queries  {ms:8.1f} ms", flush=True)

    small, large = STEPS
    print()
    print(f"| page | queries at {small // 1000}k | queries at {large // 1000}k "
          f"| median at {small // 1000}k | median at {large // 1000}k | {large // 1000}k / {small // 1000}k |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|")
    for name, _c, _u in pages:
        (q1, t1), (q2, t2) = results[name][small], results[name][large]
        print(f"| {name} | {q1} | {q2} | {t1:.1f} ms | {t2:.1f} ms | {t2 / t1:.2f} |")
    base = results["baseline: /healthz"][large][1]
    print(f"\nAt {large:,} items, relative to /healthz ({base:.1f} ms): "
          + ", ".join(f"{n} {results[n][large][1] / base:.1f}x" for n, _c, _u in pages[:-1]))  # fmt: skip


if __name__ == "__main__":
    main()
