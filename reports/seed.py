"""The seven forms of propaganda of the Sầm Sơn 2023 plan (section III, rule 8), as data of a plan.

Labels are Vietnamese because they are the plan's own words, stored in the database like a plan's
title; the city edits or adds forms on the settings page. ``ensure_plan_forms`` is idempotent: the
demo and ``manage.py seed_activity_forms`` call it.
"""

from __future__ import annotations

from django.db import transaction

from reports import fields as F
from reports.models import ActivityForm, ReportSettings
from schedule.models import Plan

PRIZES = [
    "Giải Búa liềm vàng lần thứ VIII, năm 2023",
    "Giải báo chí “Vì sự nghiệp đại đoàn kết toàn dân tộc”",
    "Giải báo chí toàn quốc “Báo chí với công tác đấu tranh phòng, chống tham nhũng, lãng phí”",
]


def _f(name: str, label: str, kind: str, required: bool = False, choices: list[str] | None = None) -> dict:
    field = {"name": name, "label": label, "type": kind, "required": required}
    if choices:
        field["choices"] = choices
    return field


FORMS: list[dict] = [
    {
        "code": "seminar",
        "name": "Tọa đàm, diễn đàn",
        "description": "Tọa đàm, diễn đàn mời chuyên gia trao đổi, giới thiệu về công tác xây dựng Đảng, "
        "xây dựng hệ thống chính trị.",
        "fields": [
            _f("date", "Ngày tổ chức", F.DATE, True),
            _f("place", "Địa điểm", F.TEXT, True),
            _f("topic", "Chủ đề", F.TEXT, True),
            _f("organizer", "Đơn vị tổ chức", F.TEXT, True),
            _f("experts", "Chuyên gia được mời (mỗi dòng: họ tên, chức vụ)", F.PEOPLE),
            _f("attendance", "Số người dự", F.NUMBER, True),
            _f(
                "broadcast",
                "Phát sóng",
                F.CHOICE,
                True,
                [
                    "Không phát sóng",
                    "Đài Phát thanh và Truyền hình thành phố",
                    "Loa phát thanh phường, xã",
                    "Cả Đài thành phố và loa phường, xã",
                ],
            ),
        ],
    },
    {
        "code": "radio_tv",
        "name": "Phát trên Đài Phát thanh và Truyền hình thành phố",
        "description": "",
        "fields": [
            _f("programme", "Chương trình", F.TEXT, True),
            _f("date", "Ngày phát sóng", F.DATE, True),
            _f("minutes", "Thời lượng (phút)", F.NUMBER, True),
            _f("link", "Đường dẫn", F.URL),
        ],
    },
    {
        "code": "loudspeakers",
        "name": "Loa phát thanh phường, xã",
        "description": "Một đợt phát trên hệ thống loa phát thanh của phường, xã.",
        "fields": [
            _f("period_from", "Từ ngày", F.DATE, True),
            _f("date", "Đến ngày", F.DATE, True),
            _f("broadcasts", "Số lần phát", F.NUMBER, True),
            _f("minutes", "Tổng thời lượng (phút)", F.NUMBER, True),
            _f("content", "Nội dung", F.LONG_TEXT, True),
        ],
    },
    {
        "code": "rebuttal",
        "name": "Đấu tranh, phản bác quan điểm sai trái trên mạng xã hội",
        "description": "Chỉ ghi số lượng; không ghi thông tin cá nhân của người tham gia.",
        "fields": [
            _f("platform", "Nền tảng", F.CHOICE, True, ["Facebook", "Zalo", "YouTube", "TikTok", "Khác"]),
            _f("date", "Ngày", F.DATE, True),
            _f(
                "kind",
                "Hình thức",
                F.CHOICE,
                True,
                ["Đăng bài", "Chia sẻ", "Bình luận", "Báo cáo nội dung xấu, độc"],
            ),
            _f("link", "Đường dẫn", F.URL),
            _f("participants", "Số cán bộ, đoàn viên, hội viên tham gia", F.NUMBER, True),
            _f("items_reported", "Số nội dung xấu, độc đã báo cáo", F.NUMBER),
        ],
    },
    {
        "code": "prize_promotion",
        "name": "Tuyên truyền các giải báo chí",
        "description": "Búa liềm vàng lần thứ VIII năm 2023; “Vì sự nghiệp đại đoàn kết toàn dân tộc”; "
        "giải báo chí toàn quốc về phòng, chống tham nhũng, lãng phí.",
        "fields": [
            _f("date", "Ngày", F.DATE, True),
            _f("prize", "Giải", F.CHOICE, True, PRIZES),
            _f("activity", "Hoạt động tuyên truyền", F.LONG_TEXT, True),
            _f("reach", "Số người được tuyên truyền", F.NUMBER),
        ],
    },
    {
        "code": "prize_entry",
        "name": "Tác phẩm dự giải báo chí",
        "description": "",
        "fields": [
            _f("title", "Tên tác phẩm", F.TEXT, True),
            _f("author", "Tác giả", F.TEXT, True),
            _f("outlet", "Cơ quan đăng, phát", F.TEXT, True),
            _f("published_on", "Ngày đăng, phát", F.DATE, True),
            _f("date", "Ngày gửi dự giải", F.DATE, True),
            _f("prize", "Giải", F.CHOICE, True, PRIZES),
            _f("result", "Kết quả", F.TEXT),
            _f("item", "Tin, bài đã đăng trên Trang Thông tin điện tử", F.PUBLISHED_ITEM),
        ],
    },
    {
        "code": "good_example",
        "name": "Gương người tốt, việc tốt, mô hình mới",
        "description": "Gương điển hình, mô hình mới, cách làm sáng tạo được phát hiện và tuyên truyền.",
        "fields": [
            _f("date", "Ngày", F.DATE, True),
            _f("name", "Tên gương, mô hình", F.TEXT, True),
            _f("description", "Mô tả", F.LONG_TEXT, True),
            _f("item", "Tin, bài đã đăng trên Trang Thông tin điện tử", F.PUBLISHED_ITEM),
        ],
    },
]


@transaction.atomic
def ensure_plan_forms(plan: Plan) -> list[ActivityForm]:
    """The plan's seven forms, created where missing (existing ones are left as the city edited
    them), and its report settings with their defaults."""
    ReportSettings.objects.get_or_create(plan=plan)
    forms = []
    for order, spec in enumerate(FORMS, start=1):
        form, _created = ActivityForm.objects.get_or_create(
            plan=plan,
            code=spec["code"],
            defaults={
                "name": spec["name"],
                "description": spec["description"],
                "fields": spec["fields"],
                "sort_order": order * 10,
            },
        )
        forms.append(form)
    return forms
