from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from portal.models import Invitation, SecurityPolicy, Unit, UnitChange, User


class UnitChangeInline(admin.TabularInline):
    model = UnitChange
    extra = 0
    readonly_fields = ["kind", "old_value", "new_value", "effective_on", "created_at", "created_by"]
    can_delete = False


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "level_label", "parent", "carries_quota", "active_from", "active_until"]
    list_filter = ["committee", "kind", "carries_quota"]
    search_fields = ["name", "code"]
    readonly_fields = ["committee"]
    inlines = [UnitChangeInline]

    def has_delete_permission(self, request, obj=None) -> bool:
        # Units are deactivated or merged, never deleted: their history stays.
        return False


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    list_display = ["username", "email", "first_name", "last_name", "role", "unit", "is_active"]
    list_filter = ["role", "committee", "is_active"]
    fieldsets = UserAdmin.fieldsets + (
        (_("Portal"), {"fields": ("role", "unit", "committee", "phone", "language", "email_notifications")}),
    )
    add_fieldsets = UserAdmin.add_fieldsets + ((_("Portal"), {"fields": ("email", "role", "unit", "committee")}),)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["user", "invited_by", "created_at", "sent_at", "accepted_at"]


@admin.register(SecurityPolicy)
class SecurityPolicyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return not SecurityPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
