"""Home-page panels of this app (see portal.panels)."""

from __future__ import annotations

from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber

from portal import roles
from portal.access import committee_of
from portal.models import User
from portal.panels import Panel
from submissions import selectors
from submissions.access import visible_submissions
from submissions.models import Submission

S = Submission.State


def panels_for(user: User) -> list[Panel]:
    if roles.in_group(user, roles.UNIT) and user.unit_id:
        return _unit_panels(user)
    if roles.in_group(user, roles.EDITORIAL):
        return _editor_panels(user)
    if roles.in_group(user, roles.DEPARTMENT):
        return [
            Panel(
                "submissions/panels/published.html",
                {"items": list(selectors.published_this_month(committee_of(user))[:10])},
                order=30,
            )
        ]
    return []


def _unit_panels(user: User) -> list[Panel]:
    # The ten latest of each state in one query (a row number per state).
    newest_first = [F("updated_at").desc(), F("pk").desc()]
    rows = list(
        visible_submissions(user)
        .filter(state__in=(S.CHANGES_REQUESTED, S.DRAFT))
        .annotate(nth=Window(RowNumber(), partition_by=[F("state")], order_by=newest_first))
        .filter(nth__lte=10)
        .order_by(*newest_first)
    )
    needs_changes = [r for r in rows if r.state == S.CHANGES_REQUESTED]
    drafts = [r for r in rows if r.state == S.DRAFT]
    # This month's quota progress is the emulation app's panel (one panel per subject on the home page).
    return [Panel("submissions/panels/unit_items.html", {"needs_changes": needs_changes, "drafts": drafts}, order=10)]


def _editor_panels(user: User) -> list[Panel]:
    # The waiting states only, counted with the late ones in one aggregate (not every item the
    # committee ever had, grouped by state).
    counts = (
        visible_submissions(user)
        .filter(state__in=selectors.WAITING_STATES)
        .aggregate(
            submitted=Count("pk", filter=Q(state=S.SUBMITTED)),
            in_review=Count("pk", filter=Q(state=S.IN_REVIEW)),
            approved=Count("pk", filter=Q(state=S.APPROVED)),
            late=Count("pk", filter=Q(is_late=True)),
        )
    )
    held = list(
        visible_submissions(user).filter(state=S.IN_REVIEW, held_by=user).select_related("unit").order_by("held_since")
    )
    return [
        Panel(
            "submissions/panels/queue.html",
            {
                "submitted": counts["submitted"],
                "in_review": counts["in_review"],
                "approved": counts["approved"],
                "held": held[:10],
                "late": counts["late"],
            },
            order=10,
        )
    ]
