from django.contrib import admin

from reports.models import ActivityForm, Report, ReportSettings, ReportTransition


@admin.register(ActivityForm)
class ActivityFormAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "plan", "is_active", "sort_order"]
    list_filter = ["plan", "is_active"]


@admin.register(ReportSettings)
class ReportSettingsAdmin(admin.ModelAdmin):
    list_display = ["plan", "period", "due_day", "reminder_days_before"]


class TransitionInline(admin.TabularInline):
    model = ReportTransition
    extra = 0
    can_delete = False
    readonly_fields = ["action", "from_state", "to_state", "comment", "by", "at"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Read-only: reports move through their workflow on the portal's pages, where every step is recorded."""

    list_display = ["unit", "period_key", "state", "due_on", "submitted_at"]
    list_filter = ["state", "period_key", "plan"]
    inlines = [TransitionInline]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False
