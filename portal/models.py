"""Units (a tree per committee) and accounts with their roles."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.cache import cache
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import roles
from portal.pg import PostgresGinIndex
from portal.text import fold


class UnitQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date) -> UnitQuerySet:
        return self.filter(Q(active_from__isnull=True) | Q(active_from__lte=day)).filter(
            Q(active_until__isnull=True) | Q(active_until__gte=day)
        )


def unit_name_folded(name: str, short_name: str = "") -> str:
    """What a unit picker matches: the folded name, and the short name when it says something else."""
    name_f, short_f = fold(name), fold(short_name)
    return f"{name_f} | {short_f}" if short_f and short_f not in name_f else name_f


def units_folded_refresh(queryset) -> int:
    """Fill ``name_folded`` for units written around ``save`` (``bulk_create``)."""
    units = [
        Unit(pk=pk, name_folded=unit_name_folded(name, short))
        for pk, name, short in queryset.values_list("pk", "name", "short_name")
    ]
    return Unit.objects.bulk_update(units, ["name_folded"], batch_size=1000)


class Unit(models.Model):
    """A node of a committee's tree: the committee itself, a district-level committee, the office,
    a department, a member organization, or a ward/commune.

    ``code`` is stable and ASCII, so it survives renames; ``committee`` points at the root of the
    tree (a root points at itself) so everything built later can be scoped to one committee.
    """

    class Kind(models.TextChoices):
        COMMITTEE = "committee", _("Committee")
        DISTRICT = "district", _("District-level committee")
        OFFICE = "office", _("Office")
        DEPARTMENT = "department", _("Department")
        MEMBER_ORG = "member_org", _("Member organization")
        COMMUNE = "commune", _("Ward/commune committee")

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    level_label = models.CharField(
        _("level label"), max_length=60, blank=True, help_text=_("e.g. province, district, town, city, ward, commune")
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    committee = models.ForeignKey(
        "self",
        verbose_name=_("committee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="committee_units",
    )
    carries_quota = models.BooleanField(
        _("carries the monthly quota"), default=False, help_text=_("The default for new plans of the committee.")
    )
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_until = models.DateField(_("active until"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_units",
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    # The name and short name without tones or case (portal.text.fold), kept by ``save``: unit
    # pickers match what people type ("ke sach") against it.
    name_folded = models.TextField(blank=True, default="", editable=False)

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        indexes = [
            models.Index(fields=["committee", "kind"]),
            # The unit pickers' search (PostgreSQL only, see portal.pg).
            PostgresGinIndex(fields=["name_folded"], opclasses=["gin_trgm_ops"], name="unit_name_folded_trgm"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"name", "short_name"} & set(update_fields):
            self.name_folded = unit_name_folded(self.name, self.short_name)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "name_folded"}
        super().save(*args, **kwargs)

    @property
    def is_committee(self) -> bool:
        return self.parent_id is None

    def is_active_on(self, day: datetime.date) -> bool:
        if self.active_from and day < self.active_from:
            return False
        return not (self.active_until and day > self.active_until)

    @property
    def is_active(self) -> bool:
        return self.is_active_on(timezone.localdate())


class UnitChange(models.Model):
    """The history of a unit: renames, deactivations and mergers, with who and when."""

    class Kind(models.TextChoices):
        CREATED = "created", _("created")
        RENAMED = "renamed", _("renamed")
        DEACTIVATED = "deactivated", _("deactivated")
        MERGED = "merged", _("merged")

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    old_value = models.CharField(max_length=200, blank=True)
    new_value = models.CharField(max_length=200, blank=True)
    effective_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("unit change")
        verbose_name_plural = _("unit changes")


class Role(models.TextChoices):
    """The role names of ``portal.roles`` with their labels; who may do what is decided there."""

    CORRESPONDENT = roles.RoleName.CORRESPONDENT, _("Correspondent")
    UNIT_LEAD = roles.RoleName.UNIT_LEAD, _("Unit lead")
    EDITOR = roles.RoleName.EDITOR, _("Editor")
    PROPAGANDA = roles.RoleName.PROPAGANDA, _("Propaganda department")
    ADMIN = roles.RoleName.ADMIN, _("Administrator")


class PortalUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """An account. Correspondents and unit leads belong to one unit; everyone to one committee."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.CORRESPONDENT)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    committee = models.ForeignKey(
        Unit, verbose_name=_("committee"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email_notifications = models.BooleanField(_("send me notifications by email"), default=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="vi")

    objects = PortalUserManager()

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    # Shorthands for templates; code asks ``portal.roles.in_group`` directly.
    @property
    def is_unit_member(self) -> bool:
        return roles.in_group(self, roles.UNIT)

    @property
    def is_editor(self) -> bool:
        return roles.effective_role(self) == roles.RoleName.EDITOR

    @property
    def is_propaganda(self) -> bool:
        return roles.effective_role(self) == roles.RoleName.PROPAGANDA

    @property
    def is_portal_admin(self) -> bool:
        return roles.in_group(self, roles.ADMINS)


class Invitation(models.Model):
    """An account created by an administrator whose owner sets the password from a link."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitation")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")


class SecurityPolicy(models.Model):
    """One row: what the administrators require of which roles."""

    require_mfa_for_editors = models.BooleanField(_("require two-factor authentication for editors"), default=False)
    require_mfa_for_admins = models.BooleanField(
        _("require two-factor authentication for administrators"), default=False
    )
    require_mfa_for_propaganda = models.BooleanField(
        _("require two-factor authentication for the propaganda department"), default=False
    )

    class Meta:
        verbose_name = _("security policy")
        verbose_name_plural = _("security policy")

    def __str__(self) -> str:
        return str(_("Security policy"))

    CACHE_KEY = "portal:security-policy"

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        cache.delete(self.CACHE_KEY)

    @classmethod
    def current(cls) -> SecurityPolicy:
        """The policy, read on every signed-in request, so it is cached until it changes."""
        policy = cache.get(cls.CACHE_KEY)
        if policy is None:
            policy, _created = cls.objects.get_or_create(pk=1)
            cache.set(cls.CACHE_KEY, policy, 300)
        return policy

    def requires_mfa(self, user: User) -> bool:
        return {
            roles.RoleName.ADMIN: self.require_mfa_for_admins,
            roles.RoleName.EDITOR: self.require_mfa_for_editors,
            roles.RoleName.PROPAGANDA: self.require_mfa_for_propaganda,
        }.get(roles.effective_role(user), False)


class Notification(models.Model):
    """A message to one person about something that concerns them, shown in the page and,
    unless they turned email off, sent by email."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=60)
    message = models.CharField(max_length=500)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Set when the email for this notification went out (alone or in a digest); None = not (yet) emailed.
    emailed_at = models.DateTimeField(null=True, blank=True)
    # Idempotency: a non-empty key is unique per recipient, so a task that runs twice notifies once.
    dedup_key = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedup_key"], condition=~Q(dedup_key=""), name="notification_dedup_per_recipient"
            )
        ]
        indexes = [models.Index(fields=["recipient", "read_at"])]


class AuditEntry(models.Model):
    """One line of the audit trail (written by ``portal.audit.record`` only, never changed)."""

    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    event = models.CharField(_("event"), max_length=40, db_index=True)
    # The actor as they were: kept as text so the entry survives a renamed or deleted account.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    actor_id_text = models.CharField(_("actor id"), max_length=40, blank=True)
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    actor_role = models.CharField(_("actor role"), max_length=20, blank=True)
    target_type = models.CharField(_("object type"), max_length=100, blank=True)
    target_id = models.CharField(_("object id"), max_length=40, blank=True, db_index=True)
    target_repr = models.CharField(_("object"), max_length=300, blank=True)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("address"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        indexes = [models.Index(fields=["target_type", "target_id", "created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name or '-'} {self.event} {self.target_repr}"


class OutboxTask(models.Model):
    """A Celery task owed to the rest of the system, written in the same transaction as the change
    that needs it (a transactional outbox). After the commit it is handed to the broker and deleted;
    if the broker is unreachable it stays here and the relay (``portal.tasks.relay_outbox``, every
    minute and when a worker starts) hands it over later. A task due later (``not_before``) waits
    here until it is nearly due, so no long ETA sits in the broker."""

    task = models.CharField(max_length=200)
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    not_before = models.DateTimeField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("task waiting for the queue")
        verbose_name_plural = _("tasks waiting for the queue")

    def __str__(self) -> str:
        return self.task
