"""The spec lines with which the city adds a form of propaganda, alone (no database)."""

import pytest

from reports.fields import SpecError, parse_spec, render_spec

SPEC = """date | Ngày | date | yes
platform | Nền tảng | choice | yes | Facebook; Zalo
count | Số lượt | number | no
"""


def test_a_spec_reads_as_fields_and_back():
    fields = parse_spec(SPEC)
    assert fields[1] == {
        "name": "platform",
        "label": "Nền tảng",
        "type": "choice",
        "required": True,
        "choices": ["Facebook", "Zalo"],
    }
    assert fields[2]["required"] is False
    assert parse_spec(render_spec(fields)) == fields


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("date | Ngày", "columns"),
        ("Ngày | Ngày | date", "name"),
        ("date | Ngày | calendar", "type"),
        ("date | Ngày | date\ndate | Ngày | date", "duplicate"),
        ("kind | Loại | choice | yes", "choices"),
    ],
)
def test_bad_lines_are_named(text, problem):
    with pytest.raises(SpecError) as error:
        parse_spec(text)
    assert error.value.problem == problem and error.value.line >= 1
