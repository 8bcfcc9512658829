"""National-scale benchmark of the quota tally (issue 6) on PostgreSQL.

    .venv/bin/python bench/national_tally.py [--items 500000] [--repeat 5] [--refill]

Fills the database named by DATABASE_URL (default postgres://postgres@127.0.0.1:5432/bench_national,
created when missing) with 34 provincial committees and 3,300 commune-level units under them (as after
the 2025 reform), a plan per committee for 2022-2025 in which every unit carries the quota, and
500,000 items over those four years (COPY; kept between runs unless --refill). Then reports:

1. for one province of 100 units, the year matrix page (through the test client, signed in as the
   propaganda department): its query count and median time; and the tally alone (``year_matrix``)
   against a baseline that counts unit by unit in Python, measured in the same run;
2. that the page's query count does not grow with units or items: the same page for a province of
   5 units with a handful of items;
3. for the whole country, the monthly close job (freeze one month for every committee) and the nightly
   refresh of a year's open months, each against a unit-by-unit baseline (a query per unit, counted
   in Python, ``update_or_create`` per row), measured in the same run.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from collections import Counter
from urllib.parse import urlparse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_national"
PREFIX = "bn-"
YEARS = (2022, 2023, 2024, 2025)
COMMITTEES, UNITS = 34, 3300
BIG, SMALL = f"{PREFIX}p00", f"{PREFIX}small"


def ensure_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def timed(fn, repeat: int) -> tuple[float, object]:
    """Median wall time in ms over ``repeat`` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def count_queries(fn) -> tuple[int, object]:
    """Queries run by ``fn`` (counted by an execute wrapper, so there is no cap on how many)."""
    from django.db import connection

    count = 0

    def counter(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        result = fn()
    return count, result


# ---------------------------------------------------------------- fill


def fill(items: int, seed: int = 2025) -> None:
    from django.db import connection, transaction

    from portal import services as portal_services
    from portal.models import Role, Unit
    from schedule.models import Plan
    from submissions.models import Submission

    rng = random.Random(seed)
    t0 = time.perf_counter()
    with transaction.atomic():
        committees = []
        for c in range(COMMITTEES):
            committees.append(
                portal_services.unit_create(
                    code=f"{PREFIX}p{c:02d}", name=f"Ủy ban MTTQ tỉnh {c:02d}", kind=Unit.Kind.COMMITTEE
                )
            )
        # 100 units in the first province, the other 3,200 spread over the other 33.
        sizes = [100] + [len(r) for r in _split(UNITS - 100, COMMITTEES - 1)]
        units = []
        for committee, size in zip(committees, sizes, strict=True):
            units += [
                Unit(
                    code=f"{committee.code}-x{i:03d}",
                    name=f"Xã {rng.choice('ABCDĐGHKLMNPQSTVX')}{i:03d} {committee.code}",
                    kind=Unit.Kind.COMMUNE,
                    parent=committee,
                    committee=committee,
                    carries_quota=True,
                    sort_order=i,
                )
                for i in range(size)
            ]
        Unit.objects.bulk_create(units, batch_size=2000)
        small = portal_services.unit_create(code=SMALL, name="Ủy ban MTTQ tỉnh nhỏ", kind=Unit.Kind.COMMITTEE)
        small_units = Unit.objects.bulk_create(
            [
                Unit(
                    code=f"{SMALL}-x{i}",
                    name=f"Xã nhỏ {i}",
                    kind=Unit.Kind.COMMUNE,
                    parent=small,
                    committee=small,
                    carries_quota=True,
                )
                for i in range(5)
            ]
        )
        authors = {}
        for committee in [*committees, small]:
            authors[committee.pk] = portal_services.account_create(
                username=f"{committee.code}-author", email="", role=Role.EDITOR, committee=committee
            )
            portal_services.account_create(
                username=f"{committee.code}-tg", email="", role=Role.PROPAGANDA, committee=committee
            )
        through = Plan.quota_units.through
        links = []
        for committee in [*committees, small]:
            for year in YEARS:
                plan = Plan.objects.create(
                    committee=committee,
                    title=f"Kế hoạch {year}",
                    year=year,
                    period_start=datetime.date(year, 1, 1),
                    period_end=datetime.date(year, 12, 31),
                )
                members = Unit.objects.filter(committee=committee, kind=Unit.Kind.COMMUNE).values_list("pk", flat=True)
                links += [through(plan_id=plan.pk, unit_id=u) for u in members]
        through.objects.bulk_create(links, batch_size=5000)
    print(f"units, accounts and plans: {time.perf_counter() - t0:.1f} s")

    t0 = time.perf_counter()
    all_units = list(
        Unit.objects.filter(code__startswith=PREFIX, kind=Unit.Kind.COMMUNE).values_list("pk", "committee_id")
    )
    big_units = [u for u in all_units if u[1] != small.pk]
    months = [datetime.date(y, m, 1) for y in YEARS for m in range(1, 13)]
    states = [("published", 80), ("rejected", 6), ("unpublished", 3), ("withdrawn", 3), ("submitted", 4), ("draft", 4)]
    state_pop, state_w = zip(*states, strict=True)
    fields = [f for f in Submission._meta.concrete_fields if not f.primary_key]
    names = [f.column for f in fields]
    now = datetime.datetime.now(datetime.UTC)
    defaults = {f.column: (None if f.null else f.get_default()) for f in fields}
    with connection.cursor() as cursor, cursor.connection.cursor() as raw:
        with raw.copy(f"COPY {Submission._meta.db_table} ({', '.join(names)}) FROM STDIN") as copy:
            for n in range(items):
                unit_id, committee_id = big_units[n % len(big_units)] if n < len(big_units) else rng.choice(big_units)
                month = rng.choice(months)
                day = rng.randint(1, 28)
                submitted = datetime.datetime(month.year, month.month, day, rng.randint(0, 16), tzinfo=datetime.UTC)
                state = rng.choices(state_pop, state_w)[0]
                row = dict(defaults)
                row.update(
                    committee_id=committee_id,
                    unit_id=unit_id,
                    author_id=authors[committee_id].pk,
                    kind="news" if rng.random() < 0.65 else "article",
                    title=f"Tin {n}",
                    summary="",
                    body="",
                    event_place="",
                    state=state,
                    created_at=submitted,
                    updated_at=now,
                    first_submitted_at=submitted if state != "draft" else None,
                    quota_month=month if state != "draft" else None,
                    published_at=submitted + datetime.timedelta(days=2)
                    if state in ("published", "unpublished")
                    else None,
                    is_late=False,
                )
                copy.write_row([row[c] for c in names])
        # A handful of items in the small province.
        for i, unit in enumerate(small_units):
            for m in (1, 4, 7):
                Submission.objects.create(
                    committee=small,
                    unit=unit,
                    author=authors[small.pk],
                    kind="news",
                    title=f"Tin nhỏ {i}",
                    state="published",
                    first_submitted_at=datetime.datetime(2024, m, 3, tzinfo=datetime.UTC),
                    quota_month=datetime.date(2024, m, 1),
                    published_at=datetime.datetime(2024, m, 5, tzinfo=datetime.UTC),
                )
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Submission._meta.db_table}")
    print(f"{items:,} items by COPY: {time.perf_counter() - t0:.1f} s")


def _split(total: int, parts: int) -> list[range]:
    base, extra = divmod(total, parts)
    return [range(base + (1 if i < extra else 0)) for i in range(parts)]


# ---------------------------------------------------------------- baselines


def baseline_counts(plan) -> dict:
    """What a first version would do: for each unit, fetch its items of the year and count in Python."""
    from emulation.scoring import months_between
    from submissions.models import Submission

    months = months_between(plan.period_start, plan.period_end)
    counts = {}
    for unit in plan.quota_units.all():
        per_month = Counter()
        for kind, month, state in Submission.objects.filter(unit=unit, quota_month__in=months).values_list(
            "kind", "quota_month", "state"
        ):
            if state == "published":
                per_month[(month, kind)] += 1
        for m in months:
            news, articles = per_month[(m, "news")], per_month[(m, "article")]
            if news or articles:
                counts[(unit.pk, m)] = (news, articles)
    return counts


def baseline_month_job(plans, month: datetime.date) -> int:
    """Unit by unit: count each unit's month in Python and update_or_create its row."""
    from django.utils import timezone

    from emulation.models import MonthlyTally
    from emulation.selectors import quota_rule
    from submissions.models import Submission

    rows = 0
    now = timezone.now()
    for plan in plans:
        rule = quota_rule(plan)
        for unit in plan.quota_units.all():
            kinds = Counter(
                Submission.objects.filter(unit=unit, quota_month=month, state="published").values_list(
                    "kind", flat=True
                )
            )
            news, articles = kinds["news"], kinds["article"]
            MonthlyTally.objects.update_or_create(
                plan=plan,
                unit=unit,
                month=month,
                defaults={
                    "news": news,
                    "articles": articles,
                    "compliant": rule.is_compliant(news, articles),
                    "computed_at": now,
                },
            )
            rows += 1
    return rows


def baseline_year_job(plans, today: datetime.date) -> int:
    from emulation.scoring import months_between

    rows = 0
    for plan in plans:
        for m in months_between(plan.period_start, min(plan.period_end, today)):
            rows += baseline_month_job([plan], m)
    return rows


# ---------------------------------------------------------------- main


def machine() -> str:
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    pg = subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip() or "PostgreSQL"
    return f"{os.cpu_count()} CPU ({cpu}), Python {platform.python_version()}, {pg}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=500_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--refill", action="store_true", help="Drop and refill the benchmark data.")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    if not url.startswith("postgres"):
        sys.exit("This benchmark needs PostgreSQL (DATABASE_URL=postgres://...).")
    ensure_database(url)
    setup_django(url)

    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from emulation import services
    from emulation.models import MonthlyTally
    from emulation.selectors import live_counts, plan_months, year_matrix
    from portal.models import Unit, User
    from schedule.models import Plan
    from schedule.selectors import plan_of_year
    from submissions.models import Submission

    if args.refill:
        call_command("flush", interactive=False, verbosity=0)
    if not Unit.objects.filter(code=BIG).exists():
        fill(args.items)

    print(f"# National tally benchmark, {datetime.date.today():%d/%m/%Y}")
    print(f"machine: {machine()}")
    print(
        f"data: {Unit.objects.filter(code__startswith=PREFIX, kind='committee').count() - 1} provinces + 1 small, "
        f"{Unit.objects.filter(code__startswith=PREFIX, kind='commune').count():,} units, "
        f"{Submission.objects.count():,} items, {Plan.objects.count()} plans"
    )

    # 1. One province's year matrix.
    big = Unit.objects.get(code=BIG)
    small = Unit.objects.get(code=SMALL)
    plan = plan_of_year(big, 2024)
    units = plan.quota_units.count()
    ours = live_counts(plan, list(plan.quota_units.values_list("pk", flat=True)), plan_months(plan))
    assert ours == baseline_counts(plan), "the one-query tally and the baseline disagree"
    items_in_province = Submission.objects.filter(committee=big, quota_month__year=2024).count()

    def page(committee: Unit) -> int:
        client = Client()
        client.force_login(User.objects.get(username=f"{committee.code}-tg"))
        url = reverse("emulation:dashboard")
        client.get(url, {"year": 2024})  # warm the session and caches

        def get():
            response = client.get(url, {"year": 2024})
            assert response.status_code == 200
            return response

        queries, _ = count_queries(get)
        ms, _ = timed(get, args.repeat)
        return queries, ms

    q_big, ms_page = page(big)
    q_small, ms_page_small = page(small)
    ms_selector, _ = timed(lambda: year_matrix(plan), args.repeat)
    q_selector, _ = count_queries(lambda: year_matrix(plan))
    ms_baseline, _ = timed(lambda: baseline_counts(plan), args.repeat)
    q_baseline, _ = count_queries(lambda: baseline_counts(plan))
    print(f"\n## One province: {units} units, {items_in_province:,} items in 2024")
    print(f"matrix page (test client):      {q_big:>5} queries, median {ms_page:8.1f} ms")
    print(f"year_matrix selector:           {q_selector:>5} queries, median {ms_selector:8.1f} ms")
    print(f"baseline, unit by unit:         {q_baseline:>5} queries, median {ms_baseline:8.1f} ms")
    print(f"selector speed-up over baseline: {ms_baseline / ms_selector:.1f}x")
    print(f"matrix page, province of 5 units: {q_small} queries (100 units: {q_big}), median {ms_page_small:.1f} ms")

    # 2. The whole country.
    today = datetime.date(2025, 12, 20)
    # Every plan the nightly job reaches that day: the 34 provinces' and the small one's 2025 plans.
    plans_2025 = list(services.plans_in_reach(today))
    month = datetime.date(2025, 11, 1)

    def reset() -> None:
        MonthlyTally.objects.all().delete()

    def ours_month_job() -> int:
        return sum(services.tally_freeze(plan=p, month=month) for p in plans_2025)

    def run_fresh(fn, repeat: int):
        """Median time over ``repeat`` runs, each from an empty tally table. Queries are captured in
        every run, ours and the baseline's alike, so the timings carry the same small overhead."""
        times, result, queries = [], None, 0
        for _ in range(repeat):
            reset()
            start = time.perf_counter()
            queries, result = count_queries(fn)
            times.append((time.perf_counter() - start) * 1000)
        return statistics.median(times), result, queries

    job_repeat = max(1, args.repeat // 2)
    ms_month, rows_month, q_month = run_fresh(ours_month_job, job_repeat)
    ms_month_base, rows_month_base, q_month_base = run_fresh(lambda: baseline_month_job(plans_2025, month), job_repeat)
    ms_year, result_year, q_year = run_fresh(lambda: services.refresh_open_months(today=today), job_repeat)
    start = time.perf_counter()
    q_year_again, _ = count_queries(lambda: services.refresh_open_months(today=today))
    ms_year_again = (time.perf_counter() - start) * 1000
    # The year baseline makes ~120,000 queries: run it once.
    ms_year_base, rows_year_base, q_year_base = run_fresh(lambda: baseline_year_job(plans_2025, today), 1)
    reset()
    print(
        f"\n## The whole country: {len(plans_2025)} committees (34 provinces + the small one), {sum(p.quota_units.count() for p in plans_2025):,} units"
    )
    print(f"close job, one month (11/2025):  {q_month:>6} queries, {ms_month:9.1f} ms, {rows_month:,} rows frozen")
    print(
        f"baseline, unit by unit:          {q_month_base:>6} queries, {ms_month_base:9.1f} ms, {rows_month_base:,} rows"
    )
    print(f"close job speed-up over baseline: {ms_month_base / ms_month:.1f}x")
    print(
        f"nightly refresh, 12 open months:  {q_year:>6} queries, {ms_year:9.1f} ms, {result_year.created:,} rows created"
    )
    print(f"nightly refresh again (no change): {q_year_again:>5} queries, {ms_year_again:9.1f} ms")
    print(f"baseline, unit by unit:          {q_year_base:>6} queries, {ms_year_base:9.1f} ms, {rows_year_base:,} rows")
    print(f"nightly refresh speed-up over baseline: {ms_year_base / ms_year:.1f}x")


if __name__ == "__main__":
    main()
