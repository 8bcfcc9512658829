from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import services
from portal.admin_search import FoldedSearchMixin
from portal.models import AuditEntry, Invitation, SecurityPolicy, Unit, UnitChange, User


class UnitChangeInline(admin.TabularInline):
    model = UnitChange
    extra = 0
    readonly_fields = ["kind", "old_value", "new_value", "effective_on", "created_at", "created_by"]
    can_delete = False


class UnitAdminForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = [
            "code", "name", "short_name", "kind", "level_label", "parent", "carries_quota",
            "active_from", "active_until", "merged_into", "sort_order",
        ]  # fmt: skip

    def clean(self) -> dict:
        data = super().clean()
        into, parent = data.get("merged_into"), data.get("parent")
        committee_id = parent.committee_id if parent else self.instance.pk
        if into is not None and (into.pk == self.instance.pk or into.committee_id != committee_id):
            self.add_error("merged_into", _("A unit can only be merged into another unit of the same committee."))
        code = data.get("code")
        if code and parent is None and self.instance.pk is None and services.committee_code_is_taken(code):
            self.add_error(
                "code",
                _("A committee's news site lives at its code, and this code is already an address of the portal."),
            )
        return data


@admin.register(Unit)
class UnitAdmin(FoldedSearchMixin, admin.ModelAdmin):
    form = UnitAdminForm
    list_display = ["name", "code", "kind", "level_label", "parent", "carries_quota", "active_from", "active_until"]
    list_filter = ["committee", "kind", "carries_quota"]
    search_fields = ["name", "code"]
    folded_search_fields = ("name_folded",)  # "ke sach" finds "Kế Sách" (portal.admin_search)
    readonly_fields = ["committee"]
    inlines = [UnitChangeInline]

    def save_model(self, request, obj: Unit, form, change: bool) -> None:
        """Creation, renames, closings and mergers go through the services, so the committee is
        set and the unit's history records them as it does everywhere else."""
        data = form.cleaned_data
        if not change:
            created = services.unit_create(
                code=obj.code,
                name=obj.name,
                short_name=obj.short_name,
                kind=obj.kind,
                parent=obj.parent,
                level_label=obj.level_label,
                carries_quota=obj.carries_quota,
                active_from=obj.active_from,
                sort_order=obj.sort_order,
                by=request.user,
            )
            obj.pk, obj.committee_id = created.pk, created.committee_id
            return
        old = Unit.objects.get(pk=obj.pk)
        # The tracked fields keep their old values in this save; the services change them.
        obj.name, obj.active_until, obj.merged_into = old.name, old.active_until, old.merged_into
        obj.committee_id = obj.parent.committee_id if obj.parent else obj.pk
        super().save_model(request, obj, form, change)
        if data["name"] != old.name:
            services.unit_rename(unit=obj, name=data["name"], by=request.user)
        closing_day = data["active_until"] or timezone.localdate()
        if data["merged_into"] is not None and data["merged_into"] != old.merged_into:
            services.unit_merge(unit=obj, into=data["merged_into"], on=closing_day, by=request.user)
        elif data["active_until"] and data["active_until"] != old.active_until:
            services.unit_deactivate(unit=obj, on=data["active_until"], by=request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        # Units are deactivated or merged, never deleted: their history stays.
        return False


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    list_display = ["username", "email", "first_name", "last_name", "role", "unit", "is_active"]
    list_filter = ["role", "committee", "is_active"]
    # Derived from the role (services.apply_role), so not edited by hand.
    readonly_fields = ["is_staff", "is_superuser"]
    fieldsets = UserAdmin.fieldsets + (
        (_("Portal"), {"fields": ("role", "unit", "committee", "phone", "language", "email_notifications")}),
    )
    add_fieldsets = UserAdmin.add_fieldsets + ((_("Portal"), {"fields": ("email", "role", "unit", "committee")}),)

    def save_model(self, request, obj: User, form, change: bool) -> None:
        # The role decides staff and superuser status, as for accounts made by the services.
        services.apply_role(obj)
        super().save_model(request, obj, form, change)
        services.account_changed(
            user=obj, by=getattr(request, "user", None), changed=list(form.changed_data) if form else [],
            created=not change,
        )  # fmt: skip

    def delete_model(self, request, obj: User) -> None:
        services.account_deleted(user=obj, by=request.user)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset) -> None:
        for user in queryset:
            services.account_deleted(user=user, by=request.user)
        super().delete_queryset(request, queryset)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit trail, for administrators to read: nobody adds, changes or deletes an entry."""

    list_display = ["created_at", "event", "actor_name", "actor_role", "target_repr", "summary", "ip"]
    list_filter = ["event", "actor_role"]
    search_fields = ["actor_name", "target_repr", "target_id", "summary", "ip"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["user", "invited_by", "created_at", "sent_at", "accepted_at"]


@admin.register(SecurityPolicy)
class SecurityPolicyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return not SecurityPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
