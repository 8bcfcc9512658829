"""The department's dashboard (the year matrix, the ranking, the chart) is rendered once per change
of what it shows and then served as a cached fragment (``{% cache %}`` in ``dashboard.html``).

Its stamp changes when:

* an item of the committee is published or leaves the published state, or a published item is
  edited (the public sites' version, ``submissions.public_cache``: the live counts are published
  items);
* a month's tally is frozen or recomputed (the latest ``frozen_at`` / ``computed_at`` and the number
  of frozen tallies of the plan: one indexed aggregate query);
* the plan, its scoring weights, its quota units, or a unit of the committee changes (the
  ``dashboard:<committee id>`` version, bumped by the receivers below);
* the day changes (months begin) or the language does.
"""

from __future__ import annotations

from django.db.models import Count, Max
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.translation import get_language

from emulation.models import MonthlyTally, PlanScoring
from portal import versions
from portal.models import Unit
from schedule.models import Plan
from submissions.public_cache import version_name

FRAGMENT_SECONDS = 24 * 3600


def _name(committee_id: int) -> str:
    return f"dashboard:{committee_id}"


def dashboard_stamp(plan: Plan) -> str:
    """The key part of the plan's cached dashboard fragment: changes whenever the fragment would."""
    tallies = MonthlyTally.objects.filter(plan=plan, frozen_at__isnull=False).aggregate(
        frozen=Max("frozen_at"), computed=Max("computed_at"), n=Count("id")
    )
    found = versions.current_many([version_name(plan.committee_id), _name(plan.committee_id)])
    stamp = [
        *found.values(),
        tallies["frozen"].isoformat() if tallies["frozen"] else "-",
        tallies["computed"].isoformat() if tallies["computed"] else "-",
        str(tallies["n"]),
        timezone.localdate().isoformat(),
        get_language() or "",
    ]
    return ".".join(stamp)


def _plan_changed(sender, instance, **kwargs) -> None:
    versions.bump(_name(instance.committee_id))


def _scoring_changed(sender, instance, **kwargs) -> None:
    committee_id = Plan.objects.filter(pk=instance.plan_id).values_list("committee_id", flat=True).first()
    if committee_id:
        versions.bump(_name(committee_id))


def _quota_units_changed(sender, instance, **kwargs) -> None:
    if isinstance(instance, Plan) or instance.committee_id:
        versions.bump(_name(instance.committee_id))


def _unit_changed(sender, instance, **kwargs) -> None:
    versions.bump(_name(instance.committee_id or instance.pk))


def connect() -> None:
    post_save.connect(_plan_changed, sender=Plan, dispatch_uid="dashboard_cache.plan_saved")
    post_delete.connect(_plan_changed, sender=Plan, dispatch_uid="dashboard_cache.plan_deleted")
    post_save.connect(_scoring_changed, sender=PlanScoring, dispatch_uid="dashboard_cache.scoring_saved")
    post_delete.connect(_scoring_changed, sender=PlanScoring, dispatch_uid="dashboard_cache.scoring_deleted")
    m2m_changed.connect(
        _quota_units_changed, sender=Plan.quota_units.through, dispatch_uid="dashboard_cache.quota_units"
    )
    post_save.connect(_unit_changed, sender=Unit, dispatch_uid="dashboard_cache.unit_saved")
    post_delete.connect(_unit_changed, sender=Unit, dispatch_uid="dashboard_cache.unit_deleted")
