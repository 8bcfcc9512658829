from django.contrib import admin

from emulation.models import MonthlyTally, PlanScoring, QuotaReminder, TallyRecompute


@admin.register(PlanScoring)
class PlanScoringAdmin(admin.ModelAdmin):
    list_display = ["plan", "news_weight", "article_weight"]


@admin.register(MonthlyTally)
class MonthlyTallyAdmin(admin.ModelAdmin):
    """Read-only: tallies change through the jobs and the logged recompute only."""

    list_display = ["unit", "month", "news", "articles", "compliant", "frozen_at", "computed_at"]
    list_filter = ["plan", "month", "compliant"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(TallyRecompute)
class TallyRecomputeAdmin(admin.ModelAdmin):
    list_display = ["month", "plan", "by", "at", "reason"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(QuotaReminder)
class QuotaReminderAdmin(admin.ModelAdmin):
    """Read-only: which units the quota-shortfall reminder told what, and when (rule 1)."""

    list_display = ["unit", "month", "news_missing", "articles_missing", "sent_at"]
    list_filter = ["plan", "month"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
