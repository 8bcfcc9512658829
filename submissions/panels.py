"""Home-page panels of this app (see portal.panels)."""

from __future__ import annotations

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
    items = visible_submissions(user).order_by("-updated_at")
    needs_changes = list(items.filter(state=S.CHANGES_REQUESTED)[:10])
    drafts = list(items.filter(state=S.DRAFT)[:10])
    # This month's quota progress is the emulation app's panel (one panel per subject on the home page).
    return [Panel("submissions/panels/unit_items.html", {"needs_changes": needs_changes, "drafts": drafts}, order=10)]


def _editor_panels(user: User) -> list[Panel]:
    waiting = visible_submissions(user).filter(state__in=selectors.WAITING_STATES)
    counts = selectors.state_counts(user)
    held = list(
        visible_submissions(user).filter(state=S.IN_REVIEW, held_by=user).select_related("unit").order_by("held_since")
    )
    return [
        Panel(
            "submissions/panels/queue.html",
            {
                "submitted": counts.get(S.SUBMITTED, 0),
                "in_review": counts.get(S.IN_REVIEW, 0),
                "approved": counts.get(S.APPROVED, 0),
                "held": held[:10],
                "late": waiting.filter(is_late=True).count(),
            },
            order=10,
        )
    ]
