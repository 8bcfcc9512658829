"""Administration of plans, topics and the calendar. Plans and topics are written through
``schedule.services``, as on the portal's pages: a plan added here gets its twelve months, and a
topic is retired, never deleted."""

from django import forms
from django.contrib import admin, messages
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from schedule import services
from schedule.models import CalendarDay, ColumnMonth, Plan, PlanReference, Topic


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
    """The twelve months, to read: the department edits them and moves them through their states
    on the portal's plan page, where every change is checked and recorded."""

    model = ColumnMonth
    extra = 0
    fields = [
        "month",
        "topic",
        "media",
        "units_label",
        "all_quota_units",
        "state",
        "air_date",
        "air_date_note",
        "plan_note",
    ]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class TopicInline(admin.TabularInline):
    """The plan's topics, to read; they are added, renamed, reordered and retired on the topic admin."""

    model = Topic
    extra = 0
    fields = ["name", "sort_order", "retired_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "year", "committee"]
    list_filter = ["committee", "year"]
    inlines = [PlanReferenceInline, TopicInline, ColumnMonthInline]

    def get_inlines(self, request, obj):
        # A new plan has no months or topics yet: the service makes the months on creation.
        return self.inlines if obj is not None else [PlanReferenceInline]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "quota_reminder_working_days" in form.base_fields:
            form.base_fields["quota_reminder_working_days"].required = False  # empty: keep it (or 3)
        return form

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        # A plan stays with its committee: its months, tallies and items belong there.
        return ["committee"] if obj is not None else []

    def save_model(self, request, obj: Plan, form, change: bool) -> None:
        """Nothing here: the plan, its links and its references are written together by
        ``schedule.services.plan_save`` in ``save_related``, once the references are known."""

    def save_related(self, request, form, formsets, change: bool) -> None:
        data = form.cleaned_data
        references = [
            f.cleaned_data
            for formset in formsets
            if formset.model is PlanReference
            for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        for formset in formsets:
            # The service writes the references; the admin's change message reads these.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        document = data.get("document")
        services.plan_save(
            plan=form.instance,
            committee=form.instance.committee,
            by=request.user,
            data=data,
            implements=data.get("implements") or [],
            quota_units=data.get("quota_units") or [],
            references=references,
            document=document if isinstance(document, UploadedFile) else None,
        )


class TopicAdminForm(forms.ModelForm):
    class Meta:
        model = Topic
        fields = ["plan", "name"]

    def clean(self) -> dict:
        data = super().clean()
        plan = data.get("plan") or getattr(self.instance, "plan", None)
        if plan is not None and data.get("name"):
            try:
                data["name"] = services.clean_topic_name(plan, data["name"], exclude=self.instance)
            except services.ScheduleError as exc:
                self.add_error("name", str(exc))
        return data


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    """Topics (rule 7) through the same services as the portal's topic page: never deleted, retired."""

    list_display = ["name", "plan", "sort_order", "retired_at"]
    list_filter = ["plan", ("retired_at", admin.EmptyFieldListFilter)]
    search_fields = ["name"]
    form = TopicAdminForm
    fields = ["plan", "name", "sort_order", "retired_at"]
    readonly_fields = ["sort_order", "retired_at"]
    actions = ["retire", "restore"]

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        return [*self.readonly_fields, "plan"] if obj is not None else self.readonly_fields

    def save_model(self, request, obj: Topic, form, change: bool) -> None:
        if change:
            services.topic_rename(topic=obj, name=form.cleaned_data["name"], by=request.user)
        else:
            created = services.topic_create(plan=obj.plan, name=obj.name, by=request.user)
            obj.pk, obj.sort_order = created.pk, created.sort_order

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description=_("Retire the selected topics"))
    def retire(self, request, queryset) -> None:
        for topic in queryset:
            services.topic_retire(topic=topic, by=request.user)

    @admin.action(description=_("Offer the selected topics again"))
    def restore(self, request, queryset) -> None:
        for topic in queryset:
            try:
                services.topic_restore(topic=topic, by=request.user)
            except services.ScheduleError as exc:
                self.message_user(request, f"{topic}: {exc}", messages.ERROR)
