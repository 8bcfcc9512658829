"""News items and articles sent by units to the editorial board."""

from __future__ import annotations

import datetime
import functools
import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Unit
from portal.pg import PostgresGinIndex
from portal.text import fold
from schedule.models import Topic
from submissions import workflow
from submissions.richtext import body_text


class DuplicateStatus(models.TextChoices):
    NONE = "", _("No match")
    SUSPECTED = "suspected", _("Possible duplicate")
    CLEARED = "cleared", _("Not a duplicate")
    CONFIRMED = "confirmed", _("Duplicate")


# The search index's days (``PublicDaysKey``): blocks of 1, 16 and 256 days since EPOCH, each numbered
# within its level (LEVEL_SPAN numbers a level: days up to 2173), the levels within a committee's
# DAYS_PER_COMMITTEE numbers. Days before EPOCH would be negative, and PostgreSQL divides those towards zero
# where the blocks need them rounded down: nothing here was published before 1900.
EPOCH = datetime.date(1900, 1, 1)
DAY_BLOCKS = (1, 16, 256)
LEVEL_SPAN = 100_000
DAYS_PER_COMMITTEE = 1_000_000


class PublicDaysKey(models.Func):
    """The blocks of days (``DAY_BLOCKS``) that hold an item's day of publication (UTC) on its committee's
    public site, each one number, held beside the words of a vector in its GIN index: a search of the
    days from one to today asks for the few blocks that cover them (``public_days_cover``), and the index
    reads the words' entries of those days only. Equal numbers, not a range: a GIN index reads a range's
    every entry from one end of the index (``<=`` from the smallest number), other committees' items too.
    Written in SQL at once (one expression to compile, not a dozen), of immutable functions only, so that
    an index can hold it.

    ``reverse``: the same numbers in the opposite order, for the title's index (``title_vector``).
    PostgreSQL matches a condition to an index by the expression's form, so each index then answers
    only the condition written for it; with one form, the planner may read the small title index for
    the days alone and check every item of those days against its whole vector."""

    def __init__(self, *, reverse: bool = False, output_field: models.Field | None = None) -> None:
        super().__init__(models.F("committee_id"), models.F("published_at"), output_field=output_field or _days_field())
        self.reverse = reverse

    def as_sql(self, compiler, connection, **extra_context):
        (committee, committee_params), (published, published_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        day = f"(({published} AT TIME ZONE 'UTC')::date - DATE '{EPOCH.isoformat()}')"
        blocks = [
            f"(({committee} * {DAYS_PER_COMMITTEE}) + ({level * LEVEL_SPAN} + ({day} / {size})))"
            for level, size in enumerate(DAY_BLOCKS)
        ]
        params = [*committee_params, *published_params] * len(blocks)
        if self.reverse:
            blocks.reverse()
        return f"ARRAY[{', '.join(blocks)}]", params


class InPublicDays(PublicDaysKey):
    """``PublicDaysKey && blocks``: whether an item's day is in one of ``blocks`` (``public_days_cover``),
    as the search index answers it; one expression, cheap to build for every search."""

    def __init__(self, blocks: list[int], *, reverse: bool = False) -> None:
        super().__init__(reverse=reverse, output_field=models.BooleanField())
        self.blocks = [int(block) for block in blocks]

    def as_sql(self, compiler, connection, **extra_context):
        key, params = super().as_sql(compiler, connection, **extra_context)
        # bigint[], the key's type: the index answers no other.
        return f"({key} && %s::bigint[])", [*params, self.blocks]


@functools.cache
def _days_field():
    from django.contrib.postgres.fields import ArrayField

    return ArrayField(models.BigIntegerField())


def public_days_cover(committee_id: int, first: datetime.datetime, last: datetime.datetime) -> list[int]:
    """The numbers of the fewest blocks of ``PublicDaysKey`` that cover the UTC days from ``first`` to
    ``last``: the largest block that starts at a day and ends before ``last``, then on from its end (about
    15 blocks of each size at most, and one per 256 days)."""
    day = max((first.astimezone(datetime.UTC).date() - EPOCH).days, 0)
    end = (last.astimezone(datetime.UTC).date() - EPOCH).days
    cover = []
    while day <= end:
        level, size = max((lv, sz) for lv, sz in enumerate(DAY_BLOCKS) if day % sz == 0 and day + sz - 1 <= end)
        cover.append(committee_id * DAYS_PER_COMMITTEE + level * LEVEL_SPAN + day // size)
        day += size
    return cover


PUBLISHED = models.Q(state=workflow.State.PUBLISHED)


class Submission(models.Model):
    """A news item (tin) or an article (bài) of one unit, through its whole review workflow."""

    class Kind(models.TextChoices):
        NEWS = "news", _("News item")
        ARTICLE = "article", _("Article")

    class State(models.TextChoices):
        DRAFT = workflow.State.DRAFT, _("Draft")
        SUBMITTED = workflow.State.SUBMITTED, _("Submitted")
        IN_REVIEW = workflow.State.IN_REVIEW, _("In review")
        CHANGES_REQUESTED = workflow.State.CHANGES_REQUESTED, _("Changes requested")
        APPROVED = workflow.State.APPROVED, _("Approved")
        PUBLISHED = workflow.State.PUBLISHED, _("Published")
        REJECTED = workflow.State.REJECTED, _("Rejected")
        WITHDRAWN = workflow.State.WITHDRAWN, _("Withdrawn")
        UNPUBLISHED = workflow.State.UNPUBLISHED, _("Unpublished")
        DELETED = workflow.State.DELETED, _("Deleted")

    committee = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="submissions")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="submissions"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NEWS)
    title = models.CharField(_("title"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("body"), blank=True)
    topic = models.ForeignKey(Topic, verbose_name=_("topic"), null=True, blank=True, on_delete=models.SET_NULL)
    event_date = models.DateField(_("event date"), null=True, blank=True)
    event_place = models.CharField(_("event place"), max_length=200, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Rule 2: an item counts for the month it was first submitted in, once it is published.
    first_submitted_at = models.DateTimeField(null=True, blank=True)
    quota_month = models.DateField(
        _("counts for month"), null=True, blank=True, help_text=_("First day of the month of first submission.")
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # Rule 4: an item (news or article) about an event is due one working day after the event; late
    # items are flagged, not refused. No event date: about no single event, no due time.
    due_at = models.DateTimeField(null=True, blank=True)
    is_late = models.BooleanField(_("late"), default=False)

    # Review: who holds the item (claimed it) and which version an editor reviewed last.
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("held by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="held_submissions",
    )
    held_since = models.DateTimeField(null=True, blank=True)
    reviewed_version = models.PositiveIntegerField(null=True, blank=True)
    version_count = models.PositiveIntegerField(default=0)
    # Scheduled publishing: an approved item with publish_at is published by a task at that time.
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True)
    # The duplicate check (``services.duplicates``): "suspected" marks the item in the review queue
    # until an editor decides; "cleared" (not a duplicate) and "confirmed" record that decision.
    duplicate_status = models.CharField(
        _("duplicate check"), max_length=10, choices=DuplicateStatus.choices, blank=True, db_index=True
    )
    # Optimistic locking: every write through the services adds one; a form carries the number it
    # was drawn with, and a save with an older number is a conflict (someone saved in between).
    lock_version = models.PositiveIntegerField(default=0)
    # The new-item form's one-time token: a double-clicked or resent form makes one item, not two.
    creation_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    # Search (portal.text.fold): the title and the text (summary and body) without tones or case,
    # kept by ``save`` (and ``search_text_refresh`` for bulk writes). On PostgreSQL ``search_vector``
    # holds both ("simple" config: title weight A, text weight B) under a GIN index (the public
    # search), and the folded title has a trigram GIN index for parts of words (the review queue's
    # title filter) (Meta.indexes; SQLite compares the folded columns with LIKE). ``title_vector`` is
    # the title's alone, for a search whose last word is partly typed (the title's words in a row): a
    # few dozen bytes checked in place, where the whole vector of an article is kilobytes stored out
    # of line. The vectors are NULL on SQLite.
    title_folded = models.TextField(blank=True, default="", editable=False)
    body_folded = models.TextField(blank=True, default="", editable=False)
    search_vector = SearchVectorField(null=True, editable=False)
    title_vector = SearchVectorField(null=True, editable=False)

    SEARCHED_FIELDS = frozenset({"title", "summary", "body"})
    SEARCH_COLUMNS = ("title_folded", "body_folded", "search_vector", "title_vector")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("item")
        verbose_name_plural = _("items")
        indexes = [
            models.Index(fields=["committee", "state", "first_submitted_at"]),
            models.Index(fields=["unit", "quota_month", "state"]),
            models.Index(fields=["state", "-published_at"]),
            # The review queue's default order across its waiting states.
            models.Index(fields=["committee", "first_submitted_at", "id"], name="submission_queue_order"),
            # The public site: newest published first, per committee.
            models.Index(fields=["committee", "state", "-published_at", "-id"], name="submission_public_order"),
            models.Index(fields=["unit", "state", "-updated_at"], name="submission_unit_list"),
            models.Index(fields=["state", "publish_at"], name="submission_scheduled"),
            # Search (PostgreSQL only; see portal.pg): the stored vector, and trigrams of the
            # folded title for parts of words (the review queue's title filter).
            # The published items' vectors, each beside the blocks of days that hold the item's day on its
            # committee's public site (``PublicDaysKey``): a search of the newest items reads the words'
            # entries of those days only (``selectors.public_search``), not the whole archive's.
            PostgresGinIndex("search_vector", PublicDaysKey(), name="submission_search_vector", condition=PUBLISHED),
            PostgresGinIndex(
                "title_vector", PublicDaysKey(reverse=True), name="submission_title_vector", condition=PUBLISHED
            ),
            PostgresGinIndex(fields=["title_folded"], opclasses=["gin_trgm_ops"], name="submission_title_folded_trgm"),
        ]

    def __str__(self) -> str:
        return self.title or str(_("(untitled)"))

    def save(self, *args, **kwargs) -> None:
        update_fields = kwargs.get("update_fields")
        if update_fields is None or self.SEARCHED_FIELDS & set(update_fields):
            self.fill_search_text()
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, *self.SEARCH_COLUMNS}
        super().save(*args, **kwargs)
        # The vectors were SQL expressions for this write; they are never read back in Python.
        self.search_vector = self.title_vector = None

    def fill_search_text(self) -> None:
        """Fill the folded columns from the title, summary and body (and the vectors, on PostgreSQL,
        as SQL expressions the next write evaluates)."""
        self.title_folded = fold(self.title)
        self.body_folded = fold(f"{self.summary}\n{body_text(self.body)}")
        vectors = search_vectors(models.Value(self.title_folded), models.Value(self.body_folded))
        self.search_vector, self.title_vector = vectors.get("search_vector"), vectors.get("title_vector")

    @property
    def is_submitted(self) -> bool:
        """True once the item has ever reached the editorial board (it can no longer be deleted)."""
        return self.first_submitted_at is not None


def search_vectors(title, body) -> dict:
    """The stored vectors of a folded title and text (expressions: values, or the folded columns), by
    column: the whole one ("simple" config, the title's words weight A, the text's B) and the title's
    alone. Empty off PostgreSQL, where there are none."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return {}
    from django.contrib.postgres.search import SearchVector

    return {
        "search_vector": SearchVector(title, config="simple", weight="A")
        + SearchVector(body, config="simple", weight="B"),
        "title_vector": SearchVector(title, config="simple"),
    }


def search_text_refresh(queryset) -> int:
    """Fill the folded columns and the vectors of every item of ``queryset``: for writes that go
    around ``save`` (``bulk_create``, ``QuerySet.update`` of the text). Returns how many rows.

    One UPDATE … FROM (VALUES …) per thousand rows (``bulk_update``'s CASE per row grows
    quadratically in PostgreSQL's planner), then, on PostgreSQL, the vectors in SQL."""
    from django.db import connection

    table = Submission._meta.db_table
    rows = 0
    batch: list[tuple[int, str, str]] = []

    def write() -> None:
        values = ", ".join(["(%s, %s, %s)"] * len(batch))
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET title_folded = v.column2, body_folded = v.column3 "
                f"FROM (VALUES {values}) AS v WHERE {table}.id = CAST(v.column1 AS integer)",
                [x for row in batch for x in row],
            )

    texts = queryset.values_list("pk", "title", "summary", "body").order_by()
    for pk, title, summary, body in texts.iterator(chunk_size=2000):
        batch.append((pk, fold(title), fold(f"{summary}\n{body_text(body)}")))
        if len(batch) >= 1000:
            write()
            rows += len(batch)
            batch = []
    if batch:
        write()
        rows += len(batch)
    vectors = search_vectors(models.F("title_folded"), models.F("body_folded"))
    if vectors:
        Submission.objects.filter(pk__in=queryset.values("pk")).update(**vectors)
    return rows


def _photo_path(instance: Photo, filename: str) -> str:
    # Random names: nothing of the uploader's file name (which may hold a person's name) is kept.
    return f"photos/{instance.submission_id}/{uuid.uuid4().hex}.{_extension(filename)}"


def _rendition_path(instance: Photo, filename: str) -> str:
    return f"renditions/{instance.submission_id}/{uuid.uuid4().hex}.jpg"


def _extension(filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return ext if ext.isalnum() and len(ext) <= 5 else "jpg"


class Photo(models.Model):
    """An illustrative photo of an item, with its quality report. Never hard-deleted once the item
    was submitted: removing it only sets ``removed``."""

    class Verdict(models.TextChoices):
        PASS = "pass", _("Good")
        WARN = "warn", _("Usable, with warnings")
        FAIL = "fail", _("Not usable")

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="photos")
    # Plain FileField: dimensions are stored once at upload, not re-read from disk on every load.
    file = models.FileField(_("photo"), upload_to=_photo_path)
    original_name = models.CharField(max_length=200, blank=True)
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    credit = models.CharField(_("credit"), max_length=200, blank=True)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    quality_report = models.JSONField(default=dict, blank=True)
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices, default=Verdict.PASS)
    # ",blurry,too_dark," so the queue can filter by one code with a portable LIKE.
    problem_codes = models.CharField(max_length=300, blank=True)
    # When the photo was checked completely: at upload when the quick check measured everything,
    # else when the slower check (``submissions.tasks.deep_check_photo``) finished. Until then the
    # photo is "checking" and its item cannot be submitted.
    deep_checked_at = models.DateTimeField(null=True, blank=True)
    # The slower check's runs so far and when the last one was queued or started: the periodic sweep
    # queues a photo again when that is stale, and gives up after a few runs (never stuck).
    check_attempts = models.PositiveSmallIntegerField(default=0)
    check_started_at = models.DateTimeField(null=True, blank=True)
    acceptance_requested_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    acceptance_reason = models.TextField(_("reason for accepting"), blank=True)
    sort_order = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    removed = models.BooleanField(default=False)
    removed_at = models.DateTimeField(null=True, blank=True)
    # Renditions for the public site (EXIF stripped), made once.
    thumbnail = models.FileField(upload_to=_rendition_path, blank=True)
    page_image = models.FileField(upload_to=_rendition_path, blank=True)
    # The page rendition's size in bytes (the RSS enclosure's length), kept when it is made, so the
    # feed does not ask the storage (a request each on S3); empty for renditions made before.
    page_bytes = models.PositiveIntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        indexes = [models.Index(fields=["submission", "removed", "verdict"])]

    def __str__(self) -> str:
        return self.caption or self.original_name or f"#{self.pk}"

    @property
    def is_accepted(self) -> bool:
        return self.accepted_at is not None

    @property
    def blocks_submission(self) -> bool:
        """A failing photo blocks submitting until it is removed or an editor accepts it."""
        return not self.removed and self.verdict == self.Verdict.FAIL and not self.is_accepted

    @property
    def checking(self) -> bool:
        """The slower check has not finished yet: the verdict may still change."""
        return not self.removed and self.deep_checked_at is None

    @property
    def usable(self) -> bool:
        return not self.removed and (self.verdict != self.Verdict.FAIL or self.is_accepted)


class SubmissionVersion(models.Model):
    """A snapshot of an item at each submission, resubmission and editor's copy edit."""

    class Reason(models.TextChoices):
        SUBMIT = "submit", _("Submitted")
        RESUBMIT = "resubmit", _("Resubmitted")
        COPY_EDIT = "copy_edit", _("Copy edited")

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    reason = models.CharField(max_length=20, choices=Reason.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=10, choices=Submission.Kind.choices)
    title = models.CharField(max_length=300, blank=True)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    topic_name = models.CharField(max_length=200, blank=True)
    event_date = models.DateField(null=True, blank=True)
    event_place = models.CharField(max_length=200, blank=True)
    # [{"id", "caption", "credit", "sha256", "verdict"}] of the photos at that moment.
    photos = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["submission", "number"]
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        constraints = [models.UniqueConstraint(fields=["submission", "number"], name="version_number_per_item")]

    def __str__(self) -> str:
        return f"v{self.number}"


class ReviewAction(models.Model):
    """One step of an item's history: who did what, when, from which state to which, with a comment."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="actions")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(_("action"), max_length=30)
    from_state = models.CharField(max_length=20, choices=Submission.State.choices)
    to_state = models.CharField(max_length=20, choices=Submission.State.choices)
    comment = models.TextField(_("comment"), blank=True)
    version_number = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("review action")
        verbose_name_plural = _("review actions")
        indexes = [models.Index(fields=["submission", "created_at"])]

    def __str__(self) -> str:
        return f"{self.action}: {self.from_state} → {self.to_state}"


class TextSignature(models.Model):
    """The MinHash signature of a submitted item's text (``submissions.similarity``)."""

    submission = models.OneToOneField(
        Submission, on_delete=models.CASCADE, primary_key=True, related_name="text_signature"
    )
    signature = models.BinaryField()
    computed_at = models.DateTimeField(default=timezone.now)


class TextBand(models.Model):
    """One LSH band key of an item's signature: items sharing a key are compared, no others."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="+")
    committee = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    key = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["committee", "key"], name="duplicate_band_key")]


class PhotoHash(models.Model):
    """A perceptual hash of a photo (``submissions.photo_hash``): variant 0 is the whole photo, the
    others nine crops of 90% of it, so a cropped copy matches one of them. Each 16-bit chunk of the
    hash has its own index (multi-index hashing)."""

    photo = models.ForeignKey(Photo, on_delete=models.CASCADE, related_name="hashes")
    committee = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    variant = models.PositiveSmallIntegerField(default=0)
    value = models.BigIntegerField()
    c0 = models.IntegerField()
    c1 = models.IntegerField()
    c2 = models.IntegerField()
    c3 = models.IntegerField()

    class Meta:
        indexes = [models.Index(fields=["committee", f"c{i}"], name=f"duplicate_photo_c{i}") for i in range(4)]


class DuplicateMatch(models.Model):
    """An earlier item that an item's text or one of its photos matches."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        PHOTO = "photo", _("Photo")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="duplicate_matches")
    earlier = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # Text: the estimated share of shared 3-word passages (0-1). Photo: 1 - differing bits / 64.
    score = models.FloatField()
    photo = models.ForeignKey(Photo, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    earlier_photo = models.ForeignKey(Photo, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "-score", "id"]
        indexes = [models.Index(fields=["submission", "kind"])]
