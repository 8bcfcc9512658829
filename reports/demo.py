"""Demo data of the Sầm Sơn chain: a few ward plans implementing the city's 2023 plan, activities of
every form through June–December 2023 and quarterly reports in every state, so the city's
compilation shows a real spread. Idempotent: a second run finds the activities and stops.

It uses the units and accounts the portal's demo creates for Sầm Sơn (city ``sam-son``, its wards,
communes and member organizations, ``tuyengiao.sam-son`` and ``btt.<ward code>``). A unit or account
that does not exist is skipped: activities need only the unit; reports need its ``btt.`` account;
decisions need ``tuyengiao.sam-son``.

The city's settings (quarterly reports due on the 5th) are the demo's choice: the seed gives no
period. The signature and the "Nơi nhận" come from the seed as printed.
"""

from __future__ import annotations

import datetime
import random
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from portal.models import Notification, Unit, User
from reports import selectors, services
from reports.models import Activity, Report, ReportTransition
from reports.periods import QUARTERLY, Period
from reports.seed import PRIZES, ensure_plan_forms
from schedule import recipients as recipient_text
from schedule.selectors import plan_of_unit, plan_of_year

CITY = "sam-son"
YEAR = 2023
WARDS = [
    "bac-son-sam-son",
    "trung-son-sam-son",
    "truong-son-sam-son",
    "quang-tien-sam-son",
    "quang-cu-sam-son",
    "quang-chau-sam-son",
    "quang-tho-sam-son",
    "quang-vinh-sam-son",
]
COMMUNES = ["dai-hung-sam-son", "quang-minh-sam-son"]
MEMBER_ORGS = ["hoi-lhpn-sam-son", "hoi-nong-dan-sam-son", "doan-tn-sam-son", "hoi-ccb-sam-son"]
# The seed's "Nơi nhận", as printed.
# Wards that issued their own plan in the demo (number, date of issue); the rest have not yet.
WARD_PLANS = {
    "bac-son-sam-son": ("15/KH-MTTQ", datetime.date(2023, 6, 12)),
    "trung-son-sam-son": ("09/KH-MTTQ", datetime.date(2023, 6, 14)),
    "quang-cu-sam-son": ("21/KH-MTTQ", datetime.date(2023, 6, 20)),
    "hoi-lhpn-sam-son": ("07/KH-HPN", datetime.date(2023, 6, 16)),
}
# The quarter-by-quarter state of each unit's report: A accepted, S submitted, R returned,
# D draft, - none (missing). Reports are filed on the due day's week, or late where marked L.
STORY = {
    "bac-son-sam-son": "AAS",
    "trung-son-sam-son": "AAR",
    "truong-son-sam-son": "ALD",
    "quang-tien-sam-son": "AS-",
    "quang-cu-sam-son": "ARS",
    "quang-chau-sam-son": "A--",
    "quang-tho-sam-son": "LAD",
    "quang-vinh-sam-son": "-S-",
    "dai-hung-sam-son": "AAS",
    "quang-minh-sam-son": "A-R",
    "hoi-lhpn-sam-son": "AAA",
    "hoi-nong-dan-sam-son": "SA-",
    "doan-tn-sam-son": "AD-",
    "hoi-ccb-sam-son": "--D",
}
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")

TOPICS = [
    "Nghị quyết Đại hội XIII của Đảng và công tác xây dựng Đảng",
    "Nghị quyết số 07-NQ/TU về xây dựng và phát triển thành phố Sầm Sơn",
    "Phát huy vai trò giám sát, phản biện xã hội của Mặt trận",
    "Bảo vệ nền tảng tư tưởng của Đảng",
]


def _log(quiet: bool, text: str) -> None:
    if not quiet:
        print(text)


def _values(code: str, rng: random.Random, day: datetime.date, unit: Unit) -> dict:
    topic = rng.choice(TOPICS)
    if code == "seminar":
        return {
            "place": f"Hội trường {unit.short_name or unit.name}",
            "topic": topic,
            "organizer": f"Ban Thường trực {unit.short_name or unit.name}",
            "experts": [{"name": "Báo cáo viên Thành ủy", "position": "Ban Tuyên giáo Thành ủy"}],
            "attendance": rng.randint(40, 150),
            "broadcast": rng.choice(["Không phát sóng", "Loa phát thanh phường, xã"]),
        }
    if code == "radio_tv":
        return {"programme": f"Chuyên mục Mặt trận: {topic}", "minutes": rng.choice([10, 15, 20])}
    if code == "loudspeakers":
        start = day.replace(day=1)
        return {
            "period_from": start.isoformat(),
            "broadcasts": rng.randint(8, 30),
            "minutes": rng.randint(60, 400),
            "content": topic,
        }
    if code == "rebuttal":
        return {
            "platform": rng.choice(["Facebook", "Zalo", "TikTok"]),
            "kind": rng.choice(["Đăng bài", "Chia sẻ", "Bình luận", "Báo cáo nội dung xấu, độc"]),
            "participants": rng.randint(10, 80),
            "items_reported": rng.randint(0, 6),
        }
    if code == "prize_promotion":
        return {
            "prize": rng.choice(PRIZES),
            "activity": "Thông báo thể lệ giải tại hội nghị và trên loa phát thanh",
            "reach": rng.randint(50, 400),
        }
    if code == "prize_entry":
        published = day - datetime.timedelta(days=rng.randint(10, 60))
        return {
            "title": f"{topic}: chuyện ở {unit.short_name or unit.name}",
            "author": "Cộng tác viên của đơn vị",
            "outlet": "Báo Thanh Hóa",
            "published_on": max(published, datetime.date(YEAR, 1, 1)).isoformat(),
            "prize": PRIZES[0],
        }
    return {
        "name": f"Mô hình “Khu dân cư tự quản” ở {unit.short_name or unit.name}",
        "description": "Gương điển hình trong cuộc vận động xây dựng đời sống văn hóa ở khu dân cư.",
    }


def _activities(plan, units: list[Unit], leads: dict[str, User]) -> int:
    forms = {f.code: f for f in plan.activity_forms.all()}
    created = 0
    for unit in units:
        rng = random.Random(unit.code)
        first, last = (
            max(plan.period_start, datetime.date(YEAR, 1, 1)),
            min(plan.period_end, datetime.date(YEAR, 12, 31)),
        )
        for month in range(first.month, last.month + 1):
            # Every unit runs its loudspeakers monthly; the other forms come and go.
            codes = ["loudspeakers"] + [c for c in forms if c != "loudspeakers" and rng.random() < 0.3]
            for code in codes:
                day = min(max(datetime.date(YEAR, month, rng.randint(3, 27)), first), last)
                values = {"date": day.isoformat(), **_values(code, rng, day, unit)}
                activity = services.activity_record(
                    plan=plan, form=forms[code], unit=unit, by=leads.get(unit.code), values=values, links=[]
                )
                at = datetime.datetime.combine(day, datetime.time(16, 0), tzinfo=TZ)
                Activity.objects.filter(pk=activity.pk).update(created_at=at, updated_at=at)
                created += 1
    return created


def _ward_plans(plan, units: list[Unit], leads: dict[str, User]) -> None:
    for unit in units:
        if unit.code not in WARD_PLANS or plan_of_unit(unit, plan) is not None:
            continue
        number, issued_on = WARD_PLANS[unit.code]
        services.ward_plan_save(
            plan=None,
            unit=unit,
            implementing=plan,
            by=leads.get(unit.code),
            data={
                "number": number,
                "title": f"Kế hoạch thực hiện công tác thông tin tuyên truyền năm 2023 của {unit.name}",
                "issued_on": issued_on,
                "signed_by": "TM. Ban Thường trực",
            },
            attachments=[
                {"kind": "plan", "file": SimpleUploadedFile(f"ke-hoach-{unit.code}.pdf", PDF, "application/pdf")},
                {"kind": "outline", "file": SimpleUploadedFile(f"de-cuong-{unit.code}.pdf", PDF, "application/pdf")},
            ],
            recipients=recipient_text.parse("- Ban Thường trực UB MTTQ thành phố (b/c);\n- Đảng ủy (b/c);\n- Lưu VP."),
        )


RETURN_COMMENTS = [
    "Đề nghị bổ sung số đoàn viên, hội viên tham gia giám sát, phản biện xã hội.",
    "Đề nghị bổ sung tình hình tư tưởng cán bộ, hội viên trong quý.",
]


def _report(plan, unit: Unit, lead: User, city: User | None, period: Period, state: str, rng: random.Random) -> None:
    if Report.objects.filter(plan=plan, unit=unit, period_key=period.key).exists():
        return
    report = services.report_open(plan=plan, unit=unit, period=period, by=lead)
    services.report_update(
        report=report,
        by=lead,
        data={
            "results": "Tổ chức tuyên truyền các nghị quyết qua hệ thống loa phát thanh và các buổi sinh hoạt "
            "khu dân cư; vận động đoàn viên, hội viên tham gia đấu tranh, phản bác thông tin sai trái.",
            "mobilised_count": rng.randint(20, 120),
            "mobilisation": "Tham gia giám sát việc thực hiện quy chế dân chủ ở cơ sở.",
            "ideological_situation": "Cán bộ, đoàn viên, hội viên phấn khởi, tin tưởng vào sự lãnh đạo của Đảng.",
            "difficulties": rng.choice(["Kinh phí cho hoạt động tuyên truyền còn hạn chế.", ""]),
            "proposals": rng.choice(["Đề nghị cấp ủy hỗ trợ nâng cấp hệ thống loa phát thanh.", ""]),
        },
    )
    if state == "D":
        return
    services.report_act(report=report, by=lead, action="submit")
    if city is not None and state in "AR":
        action, comment = ("accept", "") if state == "A" else ("return", rng.choice(RETURN_COMMENTS))
        services.report_act(report=report, by=city, action=action, comment=comment)
    # Dates as they would have been: filed in the days before the due day (or a week late).
    filed = report.due_on - datetime.timedelta(days=rng.randint(0, 3))
    if state == "L":
        filed = report.due_on + datetime.timedelta(days=7)
        if city is not None:
            services.report_act(report=report, by=city, action="accept")
    steps = list(ReportTransition.objects.filter(report=report).order_by("at", "pk"))
    for i, step in enumerate(steps):
        ReportTransition.objects.filter(pk=step.pk).update(
            at=datetime.datetime.combine(filed + datetime.timedelta(days=2 * i), datetime.time(9, 30), tzinfo=TZ)
        )
    first = datetime.datetime.combine(filed, datetime.time(9, 30), tzinfo=TZ)
    last = datetime.datetime.combine(
        filed + datetime.timedelta(days=2 * (len(steps) - 1)), datetime.time(9, 30), tzinfo=TZ
    )
    Report.objects.filter(pk=report.pk).update(
        first_submitted_at=first,
        submitted_at=first,
        accepted_at=last if state in "AL" and city is not None else None,
        created_at=first,
        updated_at=last,
    )


@transaction.atomic
def load_city_demo(*, quiet: bool = True) -> bool:
    """Load the Sầm Sơn chain's demo data; False (and nothing written) when the city or its 2023
    plan is missing, or when it is already loaded."""
    city = Unit.objects.filter(code=CITY, parent__isnull=True).first()
    plan = plan_of_year(city, YEAR) if city else None
    if plan is None:
        _log(quiet, "Sầm Sơn: no city or no 2023 plan yet; the reports demo is skipped.")
        return False
    ensure_plan_forms(plan)
    if Activity.objects.filter(plan=plan).exists():
        return False
    started = timezone.now()
    services.settings_save(
        plan=plan,
        by=None,
        data={
            "period": QUARTERLY,
            "due_day": 5,
            "place_name": "Sầm Sơn",
            "signer_on_behalf": "TM. BAN THƯỜNG TRỰC",
            "signer_position": "Phó Chủ tịch",
            "signer_name": "Trịnh Quang Huy",
        },
    )
    codes = WARDS + COMMUNES + MEMBER_ORGS
    units = list(Unit.objects.filter(code__in=codes, committee=city))
    units.sort(key=lambda u: codes.index(u.code))
    missing = [c for c in codes if c not in {u.code for u in units}]
    leads = {
        u.unit.code: u for u in User.objects.filter(username__in=[f"btt.{c}" for c in codes]).select_related("unit")
    }
    city_user = User.objects.filter(username="tuyengiao.sam-son").first()
    _ward_plans(plan, units, leads)
    count = _activities(plan, units, leads)
    # The plan's last three quarters (Q2-Q4 for a plan from June), oldest first, as STORY tells them.
    quarters = [p for p in selectors.report_periods(plan, selectors.settings_of(plan)) if p.year == YEAR][-3:]
    for unit in units:
        lead = leads.get(unit.code)
        if lead is None:
            continue
        rng = random.Random(f"report-{unit.code}")
        story = STORY.get(unit.code, "AS-")[-len(quarters) :] if quarters else ""
        for period, state in zip(quarters, story, strict=True):
            if state != "-":
                _report(plan, unit, lead, city_user, period, state, rng)
    # The demo's steps are history, not news: nobody is notified or mailed about them.
    Notification.objects.filter(kind__startswith="report_", created_at__gte=started).update(
        read_at=timezone.now(), emailed_at=timezone.now()
    )
    _log(
        quiet, f"Sầm Sơn: {count} activities of {len(units)} units, {Report.objects.filter(plan=plan).count()} reports."
    )
    if missing:
        _log(quiet, f"Sầm Sơn: units not found, skipped: {', '.join(missing)}")
    return True
