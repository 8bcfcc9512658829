"""The jobs on real services: a Celery worker on Redis, and concurrent runs on PostgreSQL."""

import datetime
import threading

import pytest

from emulation import services
from emulation.models import MonthlyTally
from emulation.tasks import freeze_closed_tallies
from tests.conftest import wait_for

MAR, APR = datetime.date(2023, 3, 1), datetime.date(2023, 4, 1)


@pytest.mark.redis
def test_a_real_worker_freezes_each_month_once_when_the_job_runs_twice(celery_worker_on_redis, scenario):
    freeze_closed_tallies.delay(as_of="2023-04-06")
    freeze_closed_tallies.delay(as_of="2023-04-06")
    # The worker takes tasks in order: once April (closed 05/05/2023) is frozen, both runs are done.
    freeze_closed_tallies.delay(as_of="2023-05-06")
    wait_for(lambda: MonthlyTally.objects.filter(month=APR, frozen_at__isnull=False).count() == 3)
    first_three = MonthlyTally.objects.filter(month__lte=MAR)
    assert first_three.count() == 9
    stamps = set(first_three.values_list("frozen_at", flat=True))
    assert len(stamps) == 1  # frozen by one run; the second changed nothing
    assert stamps.pop() < MonthlyTally.objects.filter(month=APR).first().frozen_at
    march = {t.unit.code: (t.news, t.articles) for t in first_three.filter(month=MAR).select_related("unit")}
    assert march == {"ke-sach": (2, 1), "my-tu": (0, 0), "chau-thanh": (0, 0)}


def _in_threads(target, count: int = 4) -> list:
    from django.db import connection

    results, barrier = [], threading.Barrier(count)

    def run() -> None:
        try:
            barrier.wait()
            results.append(target())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@pytest.mark.postgres
def test_concurrent_freezes_freeze_each_row_exactly_once(transactional_db, scenario):
    results = _in_threads(lambda: services.tally_freeze(plan=scenario, month=MAR))
    assert sorted(results) == [0, 0, 0, 3]
    assert MonthlyTally.objects.filter(month=MAR).count() == 3
    assert MonthlyTally.objects.filter(month=MAR, frozen_at__isnull=True).count() == 0


@pytest.mark.postgres
def test_concurrent_nightly_refreshes_leave_one_row_per_unit_and_month(transactional_db, scenario):
    _in_threads(lambda: services.refresh_open_months(today=datetime.date(2023, 7, 10)))
    assert MonthlyTally.objects.count() == 3 * 6 + 2
    assert MonthlyTally.objects.get(unit__code="ke-sach", month=MAR).news == 2
