from django.contrib import admin

from schedule.models import CalendarDay, ColumnMonth, Plan, PlanReference


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    """Administrators enter extra days off and make-up working days here."""

    list_display = ["date", "is_working_day", "note", "committee"]
    list_filter = ["is_working_day", "committee"]
    date_hierarchy = "date"
    search_fields = ["note"]


class PlanReferenceInline(admin.TabularInline):
    model = PlanReference
    extra = 0


class ColumnMonthInline(admin.TabularInline):
    model = ColumnMonth
    extra = 0
    fields = ["month", "topic", "media", "units_label", "all_quota_units", "state", "plan_note"]
    readonly_fields = ["state"]


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "year", "committee"]
    list_filter = ["committee", "year"]
    inlines = [PlanReferenceInline, ColumnMonthInline]
