import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from emulation.tasks import freeze_closed_tallies
from tests.emulation.conftest import local, make_item

pytestmark = pytest.mark.django_db


def _tally(*args) -> list[dict]:
    out = StringIO()
    call_command("tally", *args, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_the_command_prints_a_months_tally_as_json(scenario):
    assert _tally("2023", "3", "--committee", "soc-trang") == [
        {"unit": "ke-sach", "news": 2, "articles": 1, "compliant": True, "frozen": False},
        {"unit": "my-tu", "news": 0, "articles": 0, "compliant": False, "frozen": False},
        {"unit": "chau-thanh", "news": 0, "articles": 0, "compliant": False, "frozen": False},
    ]


def test_the_command_leaves_out_units_that_did_not_exist_that_month(scenario):
    assert [row["unit"] for row in _tally("2023", "7")] == ["ke-sach", "my-tu"]


def test_the_command_prints_frozen_figures_once_frozen(scenario, unit, alice):
    freeze_closed_tallies.delay(as_of="2023-04-06")
    make_item(unit, alice, submitted=local(2023, 3, 28), published=local(2023, 5, 2))
    assert _tally("2023", "3")[0] == {"unit": "ke-sach", "news": 2, "articles": 1, "compliant": True, "frozen": True}


def test_a_month_without_a_plan_prints_an_empty_list(scenario):
    assert _tally("2022", "12") == []


def test_bad_arguments_are_refused(scenario):
    with pytest.raises(CommandError):
        call_command("tally", "2023", "13")
    with pytest.raises(CommandError):
        call_command("tally", "2023", "3", "--committee", "nowhere")
