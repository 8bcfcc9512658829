"""Rule 5: the column month's agreed air or print date is a date. Migration 0006 turns the old
free-text timing into that date where the text holds one, and leaves a note on the month otherwise."""

import datetime
import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MIGRATION = importlib.import_module("schedule.migrations.0006_column_air_date_and_quota_reminder")
D = datetime.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15/6/2023", D(2023, 6, 15)),
        ("Phóng sự về giám sát ở Kế Sách, phát ngày 20/3", D(2023, 3, 20)),
        ("Phát sóng 15-06-2023 lúc 19 giờ", D(2023, 6, 15)),
        ("Đăng báo 15.6.2023", D(2023, 6, 15)),
        ("2023-06-15", D(2023, 6, 15)),
        ("Phát vào ngày 15 tháng 6 năm 2023", D(2023, 6, 15)),
        ("Chuyên trang tháng 12, đăng 05/01/2024", D(2024, 1, 5)),  # the next year's January is plausible
        ("ngày 3/5, phát lại 3/5/2023", D(2023, 5, 3)),  # the same date twice is one date
        ("Theo Kế hoạch số 616/MTTQ-BTT", None),
        ("Cuối tháng, chờ Đài xếp lịch", None),
        ("Tháng cao điểm (17/10 – 18/11/2023)", None),  # two dates: which one?
        ("Kỷ niệm 18/11/1930", None),  # not of the plan's year
        ("31/2/2023", None),  # not a real day
        ("", None),
    ],
)
def test_the_agreed_date_is_read_from_the_text_only_when_it_is_one_plausible_date(text, expected):
    day, note = MIGRATION.agreed_date(text, year=2023)
    assert day == expected
    assert bool(note) == (expected is None)


SCRIPT = r"""
import datetime, json
import django
django.setup()
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

before = [("schedule", "0005_topic_retired_at")]
after = [("schedule", "0006_column_air_date_and_quota_reminder")]
executor = MigrationExecutor(connection)
executor.migrate(before)
apps = executor.loader.project_state(before).apps
Unit, Plan, ColumnMonth = (apps.get_model(*n) for n in (("portal", "Unit"), ("schedule", "Plan"), ("schedule", "ColumnMonth")))
committee = Unit.objects.create(code="soc-trang", name="Ủy ban MTTQ tỉnh Sóc Trăng", kind="committee")
plan = Plan.objects.create(committee=committee, title="Kế hoạch 2023", year=2023,
                           period_start=datetime.date(2023, 1, 1), period_end=datetime.date(2023, 12, 31))
rows = {
    3: ("agreed", "Phóng sự về giám sát ở Kế Sách, phát ngày 15/6/2023", None),
    4: ("produced", "Chờ Đài xếp lịch phát sóng", None),
    5: ("aired", "Phát sóng 20/5/2023", None),
    6: ("agreed", "Phát 25/6/2023", datetime.date(2023, 6, 26)),  # a date already given stays
    7: ("suggested", "", None),
    8: ("rescheduled", "Phát 10/8/2023", None),  # no longer agreed: nothing to convert
}
for month, (state, text, air_date) in rows.items():
    ColumnMonth.objects.create(plan=plan, month=month, state=state, agreed_content=text, air_date=air_date)
executor = MigrationExecutor(connection)
executor.migrate(after)
apps = executor.loader.project_state(after).apps
result = {
    m.month: [m.air_date.isoformat() if m.air_date else None, m.air_date_note, m.agreed_content]
    for m in apps.get_model("schedule", "ColumnMonth").objects.order_by("month")
}
print(json.dumps(result, ensure_ascii=False))
"""


def test_the_migration_turns_the_free_text_timing_into_a_date_and_notes_what_it_could_not_read():
    # A separate process: the suite builds its databases without migrations (--nomigrations).
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "DATABASE_URL": "sqlite://:memory:"}
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    months = {int(k): v for k, v in json.loads(done.stdout.strip().splitlines()[-1]).items()}
    assert months[3][:2] == ["2023-06-15", ""]
    assert months[3][2] == "Phóng sự về giám sát ở Kế Sách, phát ngày 15/6/2023"  # the text is kept
    assert months[4][0] is None and "không có ngày" in months[4][1]
    assert months[5][:2] == ["2023-05-20", ""]
    assert months[6][:2] == ["2023-06-26", ""]
    assert months[7][:2] == [None, ""] and months[8][:2] == [None, ""]
