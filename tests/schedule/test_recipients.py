"""The "Nơi nhận" block as plans print it: one recipient a line, "(b/c)" for those reported to."""

from schedule.recipients import Recipient, parse, render

SEED_BLOCK = """ Nơi nhận:
- Ban Thường trực UB MTTQ tỉnh(b/c);
- Thường trực Thành ủy (b/c);
- Ban Thường trực Ủy ban MTTQ thành phố;
- Lưu MTTQ thành phố.
"""


def test_it_reads_the_block_as_printed_with_the_reports_mark():
    assert parse(SEED_BLOCK) == [
        Recipient("Ban Thường trực UB MTTQ tỉnh", True),
        Recipient("Thường trực Thành ủy", True),
        Recipient("Ban Thường trực Ủy ban MTTQ thành phố", False),
        Recipient("Lưu MTTQ thành phố", False),
    ]


def test_rendering_and_parsing_again_gives_the_same_recipients():
    recipients = parse(SEED_BLOCK)
    assert parse(render(recipients)) == recipients


def test_blank_lines_and_bullets_alone_are_ignored():
    assert parse("\n -  \n• \n") == []
