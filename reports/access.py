"""Who may see and do what in the reports app: one helper per object, used by every view.

Wards, communes and member organizations (their unit lead and correspondents) record their own
activities, plan and reports; the propaganda department and administrators of the same committee
read all of them, accept or return reports and keep the settings. Anything of another committee,
or of another unit for unit members, answers 404 so that ids leak nothing.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from portal.access import committee_for
from portal.models import Unit, User
from portal.roles import COMMITTEE_WIDE, DEPARTMENT, UNIT, effective_role, in_group
from reports.models import Activity, Report
from schedule.models import Plan, PlanAttachment

# The units that run their own plans and report to their committee's standing board.
REPORTING_KINDS = (Unit.Kind.COMMUNE, Unit.Kind.MEMBER_ORG)


def reporting_unit(user: User) -> Unit | None:
    """The ward, commune or member organization the user writes for; None for anyone else."""
    if not in_group(user, UNIT) or not user.unit_id:
        return None
    unit = user.unit
    if unit.kind not in REPORTING_KINDS or not unit.committee_id:
        return None
    return unit


def require_reporting_unit(user: User) -> Unit:
    unit = reporting_unit(user)
    if unit is None:
        raise PermissionDenied
    return unit


def require_department(user: User) -> Unit:
    """The committee of a propaganda-department user or administrator (403 for other roles,
    404 for an account with no committee)."""
    if not in_group(user, DEPARTMENT):
        raise PermissionDenied
    committee = committee_for(user)
    if committee is None:
        raise Http404
    return committee


def require_reader(user: User) -> tuple[Unit, Unit | None]:
    """(committee, own unit) for a reporting unit's member; (committee, None) for committee-wide
    roles; 403 for anyone else, 404 without a committee."""
    unit = reporting_unit(user)
    if unit is not None:
        return unit.committee, unit
    if not in_group(user, COMMITTEE_WIDE):
        raise PermissionDenied
    committee = committee_for(user)
    if committee is None:
        raise Http404
    return committee, None


def role_of(user: User) -> str | None:
    return effective_role(user)


def get_activity_for_user(user: User, pk: int, *, write: bool = False) -> Activity:
    """An activity of the user's committee; unit members only their unit's; ``write`` only for
    the unit that recorded it."""
    committee, unit = require_reader(user)
    activity = (
        Activity.objects.select_related("form", "unit", "plan", "created_by")
        .filter(pk=pk, plan__committee=committee)
        .first()
    )
    if activity is None or (unit is not None and activity.unit_id != unit.pk):
        raise Http404
    if write and unit is None:
        raise PermissionDenied
    return activity


def get_report_for_user(user: User, pk: int) -> Report:
    """A report of the user's committee; unit members only their unit's (404 otherwise)."""
    committee, unit = require_reader(user)
    report = Report.objects.select_related("unit", "plan", "plan__committee").filter(pk=pk, plan__committee=committee)
    report = report.first()
    if report is None or (unit is not None and report.unit_id != unit.pk):
        raise Http404
    return report


def get_attachment_for_user(user: User, pk: int) -> PlanAttachment:
    """A file of a plan the user may read: the committee's own plans and, for unit members, their
    own unit's plan; the department reads every ward's plan of its committee."""
    committee, unit = require_reader(user)
    attachment = PlanAttachment.objects.select_related("plan").filter(pk=pk, plan__committee=committee).first()
    if attachment is None:
        raise Http404
    plan: Plan = attachment.plan
    if unit is not None and not plan.is_committee_plan and plan.issuing_unit_id != unit.pk:
        raise Http404
    return attachment
