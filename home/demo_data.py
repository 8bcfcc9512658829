"""Loads the demo installation: Sóc Trăng province with its units, the 2023 plan and its column
table from the seed; Sầm Sơn city (Thanh Hóa) with its wards, communes and member organizations and
its 2023 plan from the other seed; and demo accounts for both. Idempotent."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from portal import services as portal_services
from portal.models import Role, Unit, User
from schedule import services as schedule_services
from schedule.models import ColumnMonth, Plan, PlanReference, Topic
from schedule.recipients import Recipient

DEMO_FILE = Path(__file__).parent / "demo" / "soc_trang_2023.json"
CITY_DEMO_FILE = Path(__file__).parent / "demo" / "sam_son_2023.json"


@dataclass
class DemoResult:
    password: str
    logins: list[tuple[str, str]] = field(default_factory=list)  # (username, what the account is)
    # Where each group of logins starts in ``logins``, and its heading (a committee's name).
    headings: dict[int, str] = field(default_factory=dict)

    def heading(self, title: str) -> None:
        """Start a group of logins: the ones added next are printed under ``title``."""
        self.headings[len(self.logins)] = title


def _upsert_unit(spec: dict, *, parent: Unit | None, sort_order: int) -> Unit:
    unit = Unit.objects.filter(code=spec["code"]).first()
    if unit is None:
        return portal_services.unit_create(
            code=spec["code"],
            name=spec["name"],
            short_name=spec.get("short_name", ""),
            kind=spec.get("kind", Unit.Kind.COMMITTEE),
            parent=parent,
            level_label=spec.get("level_label", ""),
            carries_quota=spec.get("carries_quota", False),
            active_from=datetime.date(2023, 1, 1),
            sort_order=sort_order,
        )
    _correct_unit(unit, spec, sort_order=sort_order)
    return unit


def _correct_unit(unit: Unit, spec: dict, *, sort_order: int) -> None:
    """Bring a unit an older demo created in line with the demo file (Quảng Cư was loaded as a xã;
    it has been a phường since 2017). A correction of demo data, not a rename: no history entry."""
    wanted = {
        "name": spec["name"],
        "short_name": spec.get("short_name", ""),
        "level_label": spec.get("level_label", ""),
        "sort_order": sort_order,
    }
    changed = [name for name, value in wanted.items() if getattr(unit, name) != value]
    if changed:
        for name in changed:
            setattr(unit, name, wanted[name])
        unit.save(update_fields=changed)


def _load_units(data: dict) -> None:
    for committee_spec in data["committees"]:
        committee = _upsert_unit(
            {**committee_spec, "kind": Unit.Kind.COMMITTEE}, parent=None, sort_order=committee_spec.get("sort_order", 0)
        )
        for i, spec in enumerate(committee_spec["units"], start=1):
            unit = _upsert_unit(spec, parent=committee, sort_order=i * 10)
            for j, child in enumerate(spec.get("children", []), start=1):
                _upsert_unit(child, parent=unit, sort_order=i * 10 + j)


# Plan settings that the demo file may give; the others keep the model's defaults.
_PLAN_SETTINGS = ("quota_news", "quota_articles", "coordination_day", "event_news_allowance_days")


def _get_or_create_plan(spec: dict) -> tuple[Plan, bool]:
    """The plan of ``spec`` (by committee, year and title), created with its topics if new."""
    issued_on = spec.get("issued_on")
    plan, created = Plan.objects.get_or_create(
        committee=Unit.objects.get(code=spec["committee"]),
        year=spec["year"],
        title=spec["title"],
        defaults={
            "number": spec["number"],
            "issuing_unit": Unit.objects.get(code=spec["issuing_unit"]),
            "issued_on": datetime.date.fromisoformat(issued_on) if issued_on else None,
            "period_start": datetime.date.fromisoformat(spec["period_start"]),
            "period_end": datetime.date.fromisoformat(spec["period_end"]),
            "signed_by": spec["signed_by"],
            **{key: spec[key] for key in _PLAN_SETTINGS if key in spec},
        },
    )
    if created:
        for i, name in enumerate(spec["topics"]):
            Topic.objects.create(plan=plan, name=name, sort_order=i)
    return plan, created


def _load_plan(spec: dict) -> Plan:
    plan, created = _get_or_create_plan(spec)
    committee = plan.committee
    if not created:
        return plan
    plan.quota_units.set(Unit.objects.filter(committee=committee, carries_quota=True))
    for row in spec["column_months"]:
        month = ColumnMonth.objects.create(
            plan=plan,
            month=row["month"],
            topic=row["topic"],
            units_label=row["units_label"],
            all_quota_units=row.get("all_quota_units", False),
            plan_note=row.get("plan_note", ""),
            # The seed marks months 1 and 2 as done ("Đã thực hiện").
            state=ColumnMonth.State.AIRED if row.get("plan_note") else ColumnMonth.State.SUGGESTED,
        )
        month.units.set(Unit.objects.filter(code__in=row["units"]))
    return plan


def _upsert_account(*, username: str, password: str, **fields) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        # The demo loader is the only place that may give accounts such a weak password.
        user = portal_services.account_create(username=username, password=password, **fields)
    return user


def _load_accounts(spec: dict, result: DemoResult) -> None:
    committee = Unit.objects.get(code=spec["committee"])
    password = spec["password"]
    result.heading(committee.name)
    for staff in spec["staff"]:
        unit = Unit.objects.get(code=staff["unit"]) if staff.get("unit") else None
        _upsert_account(
            username=staff["username"],
            password=password,
            email=staff["email"],
            role=staff["role"],
            unit=unit,
            committee=committee,
            first_name=staff["first_name"],
        )
        result.logins.append((staff["username"], Role(staff["role"]).label))
    for unit in Unit.objects.filter(committee=committee, carries_quota=True).order_by("sort_order"):
        for pattern, role in (
            (spec["correspondents_of_quota_units"], Role.CORRESPONDENT),
            (spec["unit_leads_of_quota_units"], Role.UNIT_LEAD),
        ):
            username = pattern.format(code=unit.code)
            _upsert_account(
                username=username,
                password=password,
                email=f"{username}@example.com",
                role=role,
                unit=unit,
                first_name=f"{spec['name_prefixes'][role]} {unit.short_name or unit.name}",
            )
            result.logins.append((username, f"{role.label}, {unit.name}"))


def _load_sam_son_plan(spec: dict) -> Plan:
    """Sầm Sơn's 2023 plan as the seed prints it: no quota and no column table; it implements two
    plans of bodies outside this installation (rule 8). The seed's header carries no number and no
    date of issue, so both stay empty (also in a database an older demo filled with a made-up date)."""
    plan, created = _get_or_create_plan(spec)
    if created:
        for ref in spec["references"]:
            PlanReference.objects.create(
                plan=plan,
                number=ref["number"],
                issued_on=datetime.date.fromisoformat(ref["issued_on"]),
                issuer=ref["issuer"],
                title=ref.get("title", ""),
            )
    facts = {"number": spec["number"], "issued_on": None, "signed_by": spec["signed_by"]}
    changed = [name for name, value in facts.items() if getattr(plan, name) != value]
    if changed:
        for name in changed:
            setattr(plan, name, facts[name])
        plan.save(update_fields=changed)
    if not plan.recipients.exists():
        schedule_services.plan_recipients_set(
            plan=plan,
            by=None,
            recipients=[Recipient(r["name"], r["reports"]) for r in spec["recipients"]],
        )
    return plan


def sam_son_plan_recipients() -> list[dict]:
    """The "Nơi nhận" of Sầm Sơn's 2023 plan exactly as the seed prints it, in order: ``name``,
    ``reports`` (marked "(b/c)": they receive the reports) and ``printed`` (the line as printed)."""
    return json.loads(CITY_DEMO_FILE.read_text(encoding="utf-8"))["plan"]["recipients"]


def _load_city_accounts(spec: dict, password: str, result: DemoResult) -> None:
    """The city's propaganda staff and editor, and the standing board of every ward and commune."""
    committee = Unit.objects.get(code=spec["committee"])
    result.heading(committee.name)
    for staff in spec["staff"]:
        _upsert_account(
            username=staff["username"],
            password=password,
            email=staff["email"],
            role=staff["role"],
            committee=committee,
            first_name=staff["first_name"],
        )
        result.logins.append((staff["username"], Role(staff["role"]).label))
    wards = Unit.objects.filter(committee=committee, kind=Unit.Kind.COMMUNE).order_by("sort_order")
    for ward in wards:
        username = spec["leads_of_wards"].format(code=ward.code)
        _upsert_account(
            username=username,
            password=password,
            email=f"{username}@example.com",
            role=Role.UNIT_LEAD,
            unit=ward,
            first_name=f"{spec['lead_name_prefix']} {ward.short_name or ward.name}",
        )
        result.logins.append((username, f"{Role.UNIT_LEAD.label}, {ward.name}"))


def _load_current_year_plan(template: Plan, spec: dict) -> Plan | None:
    """A plan for the current year with the 2023 plan's settings, topics and unit rotation, so the
    demo's "this month" pages have a plan in force. Marked as demo data in its title."""
    year = timezone.localdate().year
    if year == template.year:
        return None
    plan, created = Plan.objects.get_or_create(
        committee=template.committee,
        year=year,
        title=spec["title_template"].format(year=year),
        defaults={
            "issuing_unit": template.issuing_unit,
            "period_start": datetime.date(year, 1, 1),
            "period_end": datetime.date(year, 12, 31),
            "quota_news": template.quota_news,
            "quota_articles": template.quota_articles,
            "coordination_day": template.coordination_day,
            "event_news_allowance_days": template.event_news_allowance_days,
        },
    )
    if not created:
        return plan
    plan.quota_units.set(template.quota_units.all())
    for topic in template.topics.all():
        Topic.objects.create(plan=plan, name=topic.name, sort_order=topic.sort_order)
    this_month = timezone.localdate().month
    for old in template.column_months.prefetch_related("units"):
        month = ColumnMonth.objects.create(
            plan=plan,
            month=old.month,
            topic=spec["topic_template"],
            units_label=old.units_label,
            all_quota_units=old.all_quota_units,
            # Months already past are shown as done; the rest wait for their units.
            state=ColumnMonth.State.AIRED if old.month < this_month else ColumnMonth.State.SUGGESTED,
        )
        month.units.set(old.units.all())
    return plan


@transaction.atomic
def load_demo() -> DemoResult:
    data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    city = json.loads(CITY_DEMO_FILE.read_text(encoding="utf-8"))
    _load_units(data)
    _load_units(city)
    plan_2023 = _load_plan(data["plan"])
    _load_current_year_plan(plan_2023, data["current_year_plan"])
    _load_sam_son_plan(city["plan"])
    result = DemoResult(password=data["accounts"]["password"])
    _load_accounts(data["accounts"], result)
    _load_city_accounts(city["accounts"], result.password, result)
    # A few items in every state of the review workflow, with generated photos.
    from submissions.demo import load_demo_items

    load_demo_items()
    # A year of published items of the 2023 plan, so its matrix and ranking have something to show.
    from submissions.demo import load_demo_archive

    load_demo_archive(year=plan_2023.year)
    # The quota tallies the nightly and close jobs would have stored by now, from those items.
    from emulation.demo import load_demo_tallies

    load_demo_tallies()
    # Sầm Sơn's chain: ward plans, activities of every form and periodic reports across 2023.
    from reports.demo import load_city_demo

    load_city_demo()
    return result
