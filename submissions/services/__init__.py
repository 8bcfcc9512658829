"""Every write on items and photos, by subject: drafts (the unit's writing and submitting), photos,
review (the workflow steps, applied generically from ``submissions.workflow``) and publishing.

Views, tasks and commands call these; none of them changes an item with a bare ``save()``. Each
function is atomic, checks the workflow table and records the step in the item's history
(``ReviewAction``).
"""

from submissions.services._common import EditConflict
from submissions.services._common import check as require_action
from submissions.services.drafts import (
    DRAFT_FIELDS,
    SubmissionIncomplete,
    missing_for_submission,
    photo_captions_update,
    purge_abandoned_drafts,
    submission_create,
    submission_create_once,
    submission_submit,
    submission_update,
)
from submissions.services.duplicates import check_submission, duplicate_dismiss, photo_matches
from submissions.services.photos import (
    PhotoVerdict,
    photo_accept,
    photo_add,
    photo_checks_sweep,
    photo_deep_check,
    photo_remove,
    photo_request_acceptance,
    photo_verdict,
)
from submissions.services.publishing import publish_due, submission_schedule
from submissions.services.review import (
    allowed_transitions,
    bulk_preview,
    bulk_transition,
    submission_correct_event_date,
    submission_edit_copy,
    submission_transition,
)

__all__ = [
    "DRAFT_FIELDS",
    "EditConflict",
    "PhotoVerdict",
    "SubmissionIncomplete",
    "allowed_transitions",
    "bulk_preview",
    "bulk_transition",
    "check_submission",
    "duplicate_dismiss",
    "missing_for_submission",
    "photo_accept",
    "photo_add",
    "photo_captions_update",
    "photo_checks_sweep",
    "photo_deep_check",
    "photo_matches",
    "photo_remove",
    "photo_request_acceptance",
    "photo_verdict",
    "publish_due",
    "purge_abandoned_drafts",
    "require_action",
    "submission_create",
    "submission_correct_event_date",
    "submission_create_once",
    "submission_edit_copy",
    "submission_schedule",
    "submission_submit",
    "submission_transition",
    "submission_update",
]
