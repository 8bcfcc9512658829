"""Administration of items: read, and correct a few labels; never delete (nothing submitted is ever
lost). An item's text, unit and committee, and a photo's removal and acceptance, change only on the
portal's own pages, through ``submissions.services``, which keep versions and the review history."""

from django.contrib import admin

from portal.admin_search import FoldedSearchMixin
from submissions.models import Photo, ReviewAction, Submission, SubmissionVersion


class NoDeleteAdmin(admin.ModelAdmin):
    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class PhotoInline(admin.TabularInline):
    model = Photo
    fields = ["caption", "credit", "verdict", "accepted_by", "acceptance_reason", "removed"]
    readonly_fields = ["verdict", "accepted_by", "acceptance_reason", "removed"]
    extra = 0
    can_delete = False


@admin.register(Submission)
class SubmissionAdmin(FoldedSearchMixin, NoDeleteAdmin):
    list_display = ["title", "unit", "kind", "state", "first_submitted_at", "published_at", "is_late"]
    list_filter = ["state", "kind", "is_late"]
    search_fields = ["title"]
    folded_search_fields = ("title_folded",)  # "ke sach" finds "Kế Sách" (portal.admin_search)
    raw_id_fields = ["author", "held_by", "topic"]
    # State and the rule-2 fields change only through the workflow (services), never by hand; the
    # body (kept in versions) and the unit and committee (which decide who sees it) likewise.
    readonly_fields = [
        "state", "first_submitted_at", "quota_month", "published_at", "version_count", "body", "unit", "committee",
        "lock_version",
    ]  # fmt: skip
    inlines = [PhotoInline]


@admin.register(SubmissionVersion)
class SubmissionVersionAdmin(NoDeleteAdmin):
    list_display = ["submission", "number", "reason", "created_at", "created_by"]
    raw_id_fields = ["submission", "created_by"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReviewAction)
class ReviewActionAdmin(NoDeleteAdmin):
    list_display = ["submission", "action", "from_state", "to_state", "actor", "created_at"]
    raw_id_fields = ["submission", "actor"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False
