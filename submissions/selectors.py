"""Reads of items, with permissions applied: the review queue, the unit's list, the public site,
the items that count toward the quota (rule 2) and the unit's progress, and version comparison."""

from __future__ import annotations

import datetime
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from portal import versions
from portal.models import Unit, User
from portal.search import SearchReads
from portal.text import fold
from schedule.models import Plan, Topic
from schedule.quota import QuotaRule
from schedule.selectors import plan_for
from submissions import public_cache, similarity, workflow
from submissions.access import visible_submissions
from submissions.models import (
    DuplicateMatch,
    DuplicateStatus,
    InPublicDays,
    Photo,
    ReviewAction,
    Submission,
    SubmissionVersion,
    public_days_cover,
)
from submissions.richtext import body_text, sanitize_body, word_diff

S = Submission.State
# A partly typed last word shorter than this is not looked up in the search index: too many words
# start with it. The other words find the items, which are then checked (``_search``).
PREFIX_MIN_LENGTH = 3
# What waits for the editorial board; the default view of the queue.
WAITING_STATES = (S.SUBMITTED, S.IN_REVIEW, S.APPROVED)


@dataclass(frozen=True)
class QueueFilters:
    unit: str = ""  # unit code
    kind: str = ""
    state: str = ""  # "" = waiting states; "all" = every submitted state
    topic: int | None = None
    late: bool = False
    photo: str = ""  # "" | "fail" | "warn" | "any" | "requested" | a problem code
    duplicate: bool = False  # only items marked as a possible duplicate (text or photo)
    q: str = ""
    order: str = "oldest"  # "oldest" | "newest"


def review_queue(user: User, filters: QueueFilters) -> QuerySet[Submission]:
    """The items an editor works on, oldest first by default. The rows carry everything the queue
    page shows (unit, author, holder, topic, photo counts), so a page costs a fixed number of queries."""
    qs = visible_submissions(user)
    if filters.photo == "requested":
        requested = Photo.objects.filter(
            submission=OuterRef("pk"), removed=False, acceptance_requested_at__isnull=False, accepted_at__isnull=True
        )
        qs = qs.filter(Exists(requested))
    elif filters.state == "all":
        qs = qs.exclude(state=S.DRAFT)
    elif filters.state in S.values and filters.state != S.DRAFT:
        qs = qs.filter(state=filters.state)
    else:
        qs = qs.filter(state__in=WAITING_STATES)
    if filters.unit:
        qs = qs.filter(unit__code=filters.unit)
    if filters.kind in Submission.Kind.values:
        qs = qs.filter(kind=filters.kind)
    if filters.topic:
        qs = qs.filter(topic_id=filters.topic)
    if filters.late:
        qs = qs.filter(is_late=True)
    if filters.duplicate:
        qs = qs.filter(duplicate_status=DuplicateStatus.SUSPECTED)
    if filters.photo and filters.photo != "requested":
        photos = Photo.objects.filter(submission=OuterRef("pk"), removed=False)
        if filters.photo == "fail":
            photos = photos.filter(verdict=Photo.Verdict.FAIL, accepted_at__isnull=True)
        elif filters.photo == "warn":
            photos = photos.filter(verdict=Photo.Verdict.WARN)
        elif filters.photo == "any":
            photos = photos.exclude(verdict=Photo.Verdict.PASS)
        else:
            photos = photos.filter(problem_codes__contains=f",{filters.photo},")
        qs = qs.filter(Exists(photos))
    if fold(filters.q):
        # A part of the folded title (trigram GIN on PostgreSQL): editors look for titles they know.
        qs = qs.filter(title_folded__contains=fold(filters.q))
    ordering = ("first_submitted_at", "id") if filters.order != "newest" else ("-first_submitted_at", "-id")
    return (
        qs.select_related("unit", "author", "held_by", "topic")
        .annotate(
            photo_count=_photo_count(),
            photo_fail=_photo_count(verdict=Photo.Verdict.FAIL, accepted_at__isnull=True),
            photo_warn=_photo_count(verdict=Photo.Verdict.WARN),
        )
        .order_by(*ordering)
    )


def _photo_count(**conditions) -> Coalesce:
    # A correlated subquery rather than JOIN + GROUP BY: it runs only for the rows of the page, so
    # the queue's cost does not grow with the number of items behind it.
    counted = (
        Photo.objects.filter(submission=OuterRef("pk"), removed=False, **conditions)
        .order_by()
        .values("submission")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def unit_items(user: User, *, state: str = "") -> QuerySet[Submission]:
    """The unit's items for its members, newest change first, with the last editor's request."""
    qs = visible_submissions(user).select_related("author", "topic")
    if state in S.values:
        qs = qs.filter(state=state)
    return qs.order_by("-updated_at", "-id")


def state_counts(user: User, *, states: tuple[str, ...] | None = None) -> dict[str, int]:
    """Items per state; ``states`` counts only those (the editor's home: the waiting states, an index
    range rather than every item the committee ever had)."""
    qs = visible_submissions(user)
    if states is not None:
        qs = qs.filter(state__in=states)
    return dict(qs.order_by().values_list("state").annotate(n=Count("id")))


def latest_request(submission: Submission) -> ReviewAction | None:
    """The editor's last request for changes on the item, if any."""
    return submission.actions.filter(action="request_changes").select_related("actor").order_by("-created_at").first()


def item_history(submission: Submission) -> QuerySet[ReviewAction]:
    return submission.actions.select_related("actor").order_by("created_at", "id")


def item_photos(submission: Submission, *, include_removed: bool = False) -> QuerySet[Photo]:
    qs = submission.photos.select_related("accepted_by")
    return qs if include_removed else qs.filter(removed=False)


# --- the public site -----------------------------------------------------------------------------
# Each committee has its own public news site: every public read takes the committee and shows
# nothing of any other (its items, units, topics, feed and sitemap).


@dataclass(frozen=True)
class PublicFilters:
    kind: str = ""
    unit: str = ""
    topic: int | None = None
    q: str = ""
    # A search of the older items: those published before this (local) day.
    before: datetime.date | None = None


def public_committees() -> QuerySet[Unit]:
    """The committees, each with a public news site: the roots of the unit trees."""
    return Unit.objects.filter(parent__isnull=True).order_by("sort_order", "name")


# The committees by code, kept in each process's memory for COMMITTEE_SECONDS: every public address
# names one, and a page served from the cache then costs no query at all. A unit saved or deleted in
# this process forgets them at once (submissions.public_cache); other processes within the period.
COMMITTEE_SECONDS = 30.0
_committees: dict[str, tuple[float, Unit]] = {}


def public_committee(code: str) -> Unit | None:
    """The committee whose public site lives at ``code``; None when no committee has that code."""
    now = time.monotonic()
    known = _committees.get(code)
    if known is not None and known[0] > now:
        return known[1]
    committee = public_committees().filter(code=code).first()
    if committee is not None:  # unknown codes are not kept: anyone can make up addresses
        if len(_committees) > 1000:
            _committees.clear()
        _committees[code] = (now + COMMITTEE_SECONDS, committee)
    return committee


def forget_committees() -> None:
    _committees.clear()


def public_items(committee: Unit, filters: PublicFilters | None = None) -> QuerySet[Submission]:
    """The committee's published items only, newest first, with their first photo for the list; with
    a search, the items that have its words, found by index (``public_search`` for its pages)."""
    filters = filters or PublicFilters()
    return _searched(_public_list(committee, filters), filters.q)


def _public_list(committee: Unit, filters: PublicFilters, since: datetime.date | None = None) -> QuerySet[Submission]:
    """The committee's published items that ``filters`` ask for (from the day ``since`` on), the search
    aside."""
    qs = Submission.objects.filter(committee=committee, state=S.PUBLISHED)
    if since is not None:
        qs = qs.filter(published_at__gte=_day_start(since))
    if filters.before is not None:
        qs = qs.filter(published_at__lt=_day_start(filters.before))
    if filters.kind in Submission.Kind.values:
        qs = qs.filter(kind=filters.kind)
    if filters.unit:
        qs = qs.filter(unit__in=public_units_matching(committee, filters.unit))
    if filters.topic:
        qs = qs.filter(topic_id=filters.topic)
    return qs


def _searched(
    qs: QuerySet[Submission],
    q: str,
    *,
    by_index: bool = True,
    partly_typed: bool = False,
    days: list[int] | None = None,
) -> QuerySet[Submission] | None:
    """``qs`` (``_public_list``) with the search ``q`` (``_search``; by index, of the blocks of days
    ``days`` only), as the list shows it. None when ``q`` cannot be read ``partly_typed``."""
    if q:
        qs = _search(qs, q, by_index=by_index, partly_typed=partly_typed, days=days)
        if qs is None:
            return None
    return (
        qs.select_related("unit", "topic")
        .prefetch_related(Prefetch("photos", queryset=Photo.objects.filter(removed=False).order_by("sort_order", "id")))
        .order_by("-published_at", "-id")
    )


def public_search(committee: Unit, filters: PublicFilters, *, since: datetime.date | None = None) -> list[SearchReads]:
    """The ways to read a public search's results (``portal.search.SearchPaginator``), in the order
    to try them: its words as typed; then, when they find less than a page, the last one partly typed
    (the search is a form, so a query is usually whole words: this costs nothing then). ``since``:
    the items published from that day on only (``search_since``)."""
    reads = []
    base = _public_list(committee, filters, since)  # built once: each read below is a copy of it
    listed = _searched(base, "")
    days, most = (_index_days(committee, since), settings.PORTAL_SEARCH_RECENT_ITEMS) if since else (None, None)
    for partly_typed in (False, True):
        found = _searched(base, filters.q, partly_typed=partly_typed, days=days)
        if found is not None:
            walk = _searched(base, filters.q, by_index=False, partly_typed=partly_typed)
            reads.append(SearchReads(found, walk, listed, most=most))
    return reads


SINCE_SECONDS = 24 * 3600  # publishing or unpublishing anything changes the committee's version first


def search_since(committee: Unit) -> datetime.date | None:
    """The first day a public search of ``committee`` reads: the (local) day of its newest
    ``PORTAL_SEARCH_RECENT_ITEMS``-th published item, so that a search reads about that many items
    however large the archive grows (the search index holds each item's days, ``PublicDaysKey``);
    the older ones are searched on request (``PublicFilters.before``). None when nothing was published
    before that day, or the setting is 0: a search reads every item.

    Finding that item reads that many entries of the list's index (milliseconds), so the day is kept
    in the cache until the committee's public site next changes (``submissions.public_cache``)."""
    newest = settings.PORTAL_SEARCH_RECENT_ITEMS
    if newest <= 0:
        return None

    def first_day() -> datetime.date | None:
        published = Submission.objects.filter(committee=committee, state=S.PUBLISHED)
        order = published.order_by("-published_at", "-id").values_list("published_at", flat=True)
        edge = list(order[newest - 1 : newest])
        if not edge:
            return None
        day = timezone.localdate(edge[0])
        return day if published.filter(published_at__lt=_day_start(day)).exists() else None

    key = f"public:search-since:{committee.pk}:{newest}"
    return versions.cached_value(public_cache.version_name(committee.pk), key, first_day, SINCE_SECONDS)


def _day_start(day: datetime.date) -> datetime.datetime:
    """The start of a local day."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _index_days(committee: Unit, since: datetime.date) -> list[int]:
    """The blocks of days of ``committee``'s public site from ``since`` to next week (nothing is published
    later than now), as its search index holds them (``PublicDaysKey``)."""
    return public_days_cover(committee.pk, _day_start(since), timezone.now() + datetime.timedelta(days=7))


def public_latest(committees: list[Unit], *, per_committee: int) -> dict[int, list[Submission]]:
    """The newest ``per_committee`` published items of each committee, by committee id, for the
    root page. One query per committee: each is an index range scan of that committee's items."""
    latest: dict[int, list[Submission]] = {}
    for committee in committees:
        rows = (
            Submission.objects.filter(committee=committee, state=S.PUBLISHED)
            .select_related("unit")
            .order_by("-published_at", "-id")[:per_committee]
        )
        latest[committee.pk] = list(rows)
    return latest


def _query_words(folded: str) -> list[str]:
    """The words of a folded query as PostgreSQL's text parser will read them, the parser that made
    the stored vectors: the query's parts between spaces that have a letter or a digit ("Kế Sách!"
    gives "ke" and "sach!", which the parser reads as "sach"; "covid-19" stays one part)."""
    parts = folded.replace("'", " ").replace("\\", " ").split()  # quotes would end a tsquery term
    return [part for part in parts if re.search(r"[^\W_]", part)]


def _search(
    qs: QuerySet[Submission],
    q: str,
    *,
    by_index: bool = True,
    partly_typed: bool = False,
    days: list[int] | None = None,
):
    """Items whose title or text has every word of ``q``, without tones or case (``portal.text.fold``
    on both sides); ``partly_typed``: those, and the items whose title has the words in a row, the
    last one partly typed ("cu lao du" finds Cù Lao Dung). None when ``q`` cannot be partly typed
    (one word shorter than PREFIX_MIN_LENGTH: a whole word).

    On PostgreSQL, by the stored vector ("simple" config over folded text: Vietnamese has no stemmer;
    the title's words have weight A): ``'cu' & 'lao' & 'du'``, partly typed ``('cu' & 'lao' & 'du')
    | ('cu':A <-> 'lao':A <-> 'du':*A)``. ``by_index``: as its GIN index answers it (``@@``); partly
    typed, the words as typed by that index, or the title's own vector (``title_vector``, its own
    index) with the first words and a word starting with the last one (``'cu' & 'lao' & 'du':*``),
    each of those checked for the words in a row in that small vector (an article's whole vector is
    kilobytes stored out of line); a last word shorter than PREFIX_MIN_LENGTH ("cu lao d") is not
    looked up (so many words start with it that GIN would read most of the index).
    Without ``by_index``: the same match as a function call (``ts_match_vq``) that no index answers,
    so that the planner walks the newest-first index and checks each row. The search's paginator
    (``portal.search.SearchPaginator``) picks which one reads a page.
    ``days``: by index on PostgreSQL, the items of those blocks of days (``PublicDaysKey``) only, written
    for each vector's index beside its words, so that GIN reads the words' entries of those days only (where a
    range of ``published_at`` alone would be checked row by row after every match of the whole archive).

    On SQLite: LIKE on the folded columns, every word (or a part of it) in the title or the text."""
    folded = fold(q)
    if not folded:
        return None if partly_typed else qs
    if connection.vendor != "postgresql":
        if partly_typed:
            return None  # LIKE finds parts of words anyway
        words = re.findall(r"\w+", folded)  # as PostgreSQL's parser reads them: "Kế Sách!" is "ke", "sach"
        if not words:
            return qs.none()
        condition = Q()
        for word in words:
            condition &= Q(title_folded__contains=word) | Q(body_folded__contains=word)
        return qs.filter(condition)
    from django.contrib.postgres.search import SearchQuery

    def tsquery(text: str) -> SearchQuery:
        return SearchQuery(text, config="simple", search_type="raw")

    def checked(text: str, vector: str = "search_vector") -> Func:
        return Func(F(vector), tsquery(text), function="ts_match_vq", output_field=BooleanField())

    def within(vector: str) -> Q:
        return Q() if days is None else Q(InPublicDays(days, reverse=vector == "title_vector"))

    words = _query_words(folded)
    if not words:
        return None if partly_typed else qs.none()
    *head, last = (f"'{word}'" for word in words)
    every_word = " & ".join([*head, last])
    in_text = Q(search_vector=tsquery(every_word)) & within("search_vector")
    if not partly_typed:
        return qs.filter(in_text) if by_index else qs.filter(checked(every_word))
    long_enough = len(re.findall(r"[^\W_]", words[-1])) >= PREFIX_MIN_LENGTH
    if not head and not long_enough:
        return None
    if not by_index:
        title_run = " <-> ".join([*(f"{word}:A" for word in head), f"{last}:*A"])
        return qs.filter(checked(f"({every_word}) | ({title_run})"))
    # By index: the items with every word as typed, or whose title has the first words and one starting
    # with the last (the title's own vector and index), each of those checked for the words in a row in
    # that small vector, not in the item's whole one.
    in_title = " & ".join([*head, f"{last}:*"] if long_enough else head)
    title_run = " <-> ".join([*head, f"{last}:*"])
    titled = Q(title_vector=tsquery(in_title)) & within("title_vector") & Q(checked(title_run, "title_vector"))
    return qs.filter(titled | in_text)


def public_item(committee: Unit, pk: int) -> Submission | None:
    """The committee's published item ``pk``; None when it is not published or is another committee's."""
    return (
        Submission.objects.filter(pk=pk, committee=committee, state=S.PUBLISHED)
        .select_related("unit", "topic", "committee")
        .first()
    )


def public_item_anywhere(pk: int) -> Submission | None:
    """A published item of any committee, for the permanent redirect of its old address."""
    return Submission.objects.filter(pk=pk, state=S.PUBLISHED).select_related("committee").first()


def public_units(committee: Unit) -> QuerySet[Unit]:
    """The committee's units that have published something, for its public site's filter."""
    # EXISTS per unit (an index probe each) rather than DISTINCT over every published item.
    published = Submission.objects.filter(unit=OuterRef("pk"), committee=committee, state=S.PUBLISHED)
    return Unit.objects.filter(committee=committee).filter(Exists(published)).order_by("sort_order", "name")


def public_units_matching(committee: Unit, typed: str) -> QuerySet[Unit]:
    """The committee's units a public unit filter names: by code (the list's value) or, typed in
    the search field that replaces the list on sites with many units, by part of the name."""
    typed = typed.strip()[:100]
    return Unit.objects.filter(committee=committee).filter(
        Q(code=typed) | Q(name_folded__contains=fold(typed)) | Q(short_name__icontains=typed)
    )


def public_topics(committee: Unit) -> QuerySet[Topic]:
    """The topics of the committee's plans that have published items, for its public site's filter."""
    published = Submission.objects.filter(topic=OuterRef("pk"), committee=committee, state=S.PUBLISHED)
    return Topic.objects.filter(plan__committee=committee).filter(Exists(published))


# --- quota progress (rule 2) ---------------------------------------------------------------------


@dataclass(frozen=True)
class QuotaProgress:
    month: datetime.date
    news: int
    articles: int
    rule: QuotaRule  # as it applies to the unit: 0 and 0 when the unit carries no quota
    carries_quota: bool

    @property
    def quota_news(self) -> int:
        return self.rule.quota_news

    @property
    def quota_articles(self) -> int:
        return self.rule.quota_articles

    @property
    def met(self) -> bool:
        return self.rule.is_compliant(self.news, self.articles)


def quota_counted_items(
    *, first_month: datetime.date, last_month: datetime.date, unit_ids: list[int] | None = None
) -> QuerySet[Submission]:
    """Rule 2: the items that count toward the quota of the months ``first_month`` to ``last_month``:
    published ones, each in the month it was first submitted in (``quota_month``). ``unit_ids``
    narrows them to those units.

    The units' own progress, the tallies, the year matrix and the items behind a cell all read it.
    """
    qs = Submission.objects.filter(state=S.PUBLISHED, quota_month__gte=first_month, quota_month__lte=last_month)
    return qs if unit_ids is None else qs.filter(unit_id__in=unit_ids)


def published_counts(
    *, unit_ids: list[int], first_month: datetime.date, last_month: datetime.date
) -> dict[tuple[int, datetime.date], tuple[int, int]]:
    """The counted items (``quota_counted_items``) as (news items, articles) per (unit id, month),
    in one aggregate query."""
    if not unit_ids:
        return {}
    rows = (
        quota_counted_items(unit_ids=unit_ids, first_month=first_month, last_month=last_month)
        .values("unit_id", "quota_month")
        .annotate(
            news=Count("pk", filter=Q(kind=Submission.Kind.NEWS)),
            articles=Count("pk", filter=Q(kind=Submission.Kind.ARTICLE)),
        )
        .order_by()
    )
    return {(r["unit_id"], r["quota_month"]): (r["news"], r["articles"]) for r in rows}


def plan_quota_rule(plan: Plan) -> QuotaRule:
    """The quota rule a plan sets, with its quota units (the scoring weights are emulation's)."""
    return QuotaRule.of_plan(plan, quota_unit_ids=plan.quota_units.values_list("pk", flat=True))


def quota_progress(unit: Unit, month: datetime.date | None = None) -> QuotaProgress:
    """The unit's published items counted toward ``month`` (default: this month), per rule 2.

    Without a plan for that month the unit's own "carries the quota" mark and the default quota apply.
    """
    month = (month or timezone.localdate()).replace(day=1)
    news, articles = published_counts(unit_ids=[unit.pk], first_month=month, last_month=month).get(
        (unit.pk, month), (0, 0)
    )
    plan = plan_for(unit.committee, month) if unit.committee_id else None
    if plan is not None:
        rule = plan_quota_rule(plan)
    else:
        rule = QuotaRule(units=frozenset([unit.pk]) if unit.carries_quota else frozenset())
    return QuotaProgress(
        month=month, news=news, articles=articles, rule=rule.for_unit(unit.pk), carries_quota=rule.carries(unit.pk)
    )


def published_this_month(committee: Unit | None) -> QuerySet[Submission]:
    start = timezone.localdate().replace(day=1)
    qs = Submission.objects.filter(state=S.PUBLISHED, published_at__gte=_day_start(start))
    if committee is not None:
        qs = qs.filter(committee=committee)
    return qs.select_related("unit", "committee").order_by("-published_at")


# --- versions ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldDiff:
    label: str
    html: str
    changed: bool


COMPARE_CACHE_SECONDS = 7 * 24 * 3600


def compare_versions(old: SubmissionVersion, new: SubmissionVersion) -> list[FieldDiff]:
    """A readable word diff of every field that an item's versions keep. Versions never change, so
    the result is cached per pair of versions (and language) instead of recomputed on every view."""
    from django.core.cache import cache
    from django.utils.translation import get_language

    key = f"submissions:compare:{old.pk}:{new.pk}:{get_language()}"
    cached = cache.get(key)
    if cached is None:
        cached = [(d.label, d.html, d.changed) for d in _compare_versions(old, new)]
        cache.set(key, cached, COMPARE_CACHE_SECONDS)
    return [FieldDiff(str(label), html, changed) for label, html, changed in cached]


def _compare_versions(old: SubmissionVersion, new: SubmissionVersion) -> list[FieldDiff]:
    from django.utils.translation import gettext as _

    def date(d: datetime.date | None) -> str:
        return d.strftime("%d/%m/%Y") if d else ""

    pairs = [
        (_("Kind"), old.get_kind_display(), new.get_kind_display()),
        (_("Title"), old.title, new.title),
        (_("Summary"), old.summary, new.summary),
        (_("Body"), body_text(old.body), body_text(new.body)),
        (_("Topic"), old.topic_name, new.topic_name),
        (_("Event date"), date(old.event_date), date(new.event_date)),
        (_("Event place"), old.event_place, new.event_place),
    ]
    return [FieldDiff(label, word_diff(a, b), a != b) for label, a, b in pairs]


@dataclass(frozen=True)
class PhotoChange:
    """One photo of either version: its caption and credit in each, and the photo itself for its
    thumbnail (None when the row is gone). ``change``: "kept", "added", "removed" or "edited"."""

    photo: Photo | None
    caption: str
    credit: str
    old_caption: str
    change: str


def compare_photos(old: SubmissionVersion, new: SubmissionVersion) -> list[PhotoChange]:
    """The photos of two versions of an item side by side: the newer version's photos in their
    order (added, kept, or with the caption edited), then the ones it no longer has."""
    before = {p["id"]: p for p in old.photos}
    after = {p["id"]: p for p in new.photos}
    rows = Photo.objects.filter(submission_id=new.submission_id, pk__in=[*before, *after])
    photos = {p.pk: p for p in rows}
    changes = []
    for pk, p in after.items():
        was = before.get(pk)
        if was is None:
            change = "added"
        elif (was.get("caption", ""), was.get("credit", "")) != (p.get("caption", ""), p.get("credit", "")):
            change = "edited"
        else:
            change = "kept"
        old_caption = was.get("caption", "") if was else ""
        changes.append(PhotoChange(photos.get(pk), p.get("caption", ""), p.get("credit", ""), old_caption, change))
    for pk, p in before.items():
        if pk not in after:
            changes.append(PhotoChange(photos.get(pk), p.get("caption", ""), p.get("credit", ""), "", "removed"))
    return changes


@dataclass(frozen=True)
class VersionEvent:
    action: str
    what: str  # "submitted", "returned for changes", "approved", "published", ... in the current language
    when: datetime.datetime
    who: User | None


@dataclass(frozen=True)
class NamedVersion:
    """A version of an item named by what happened to it: sent by whom and when, then returned,
    approved or published by whom and when."""

    version: SubmissionVersion
    events: list[VersionEvent]

    @property
    def number(self) -> int:
        return self.version.number

    @property
    def last_review(self) -> VersionEvent | None:
        """The last editor's decision on this version (returned, approved, rejected, published)."""
        reviews = [e for e in self.events if e.action not in _NOT_REVIEWS]
        return reviews[-1] if reviews else None


_NOT_REVIEWS = {workflow.Action.SUBMIT, workflow.Action.RESUBMIT, workflow.Action.EDIT_COPY}


def named_versions(submission: Submission) -> list[NamedVersion]:
    """Every version of ``submission`` with what happened to it, oldest first."""
    from django.utils.translation import gettext as _

    versions = list(submission.versions.select_related("created_by").order_by("number"))
    steps = submission.actions.filter(action__in=list(workflow.VERSION_EVENTS), version_number__isnull=False)
    events: dict[int, list[VersionEvent]] = {}
    for step in steps.select_related("actor").order_by("created_at", "id"):
        events.setdefault(step.version_number, []).append(
            VersionEvent(step.action, _(workflow.VERSION_EVENTS[step.action]), step.created_at, step.actor)
        )
    return [NamedVersion(v, events.get(v.number, [])) for v in versions]


def text_differences(saved: Submission, typed) -> list[FieldDiff]:
    """What differs between the item as saved now and the text someone typed (``typed``: the
    posted form), as word diffs from the saved text to theirs, for an edit conflict."""
    from django.utils.translation import gettext as _

    pairs = [
        (_("Title"), saved.title, typed.get("title", "").strip()),
        (_("Summary"), saved.summary, typed.get("summary", "").strip()),
        (_("Body"), body_text(saved.body), body_text(sanitize_body(typed.get("body", "")))),
    ]
    return [FieldDiff(label, word_diff(a, b), a != b) for label, a, b in pairs]


# --- possible duplicates -------------------------------------------------------------------------


@dataclass(frozen=True)
class TextComparison:
    earlier: Submission
    score: float
    this_text: list[tuple[str, bool]]  # (piece, shared with the other) for highlighting
    earlier_text: list[tuple[str, bool]]

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def _plain(submission: Submission) -> str:
    return "\n".join(p for p in (submission.title, submission.summary, body_text(submission.body)) if p)


def duplicate_comparisons(submission: Submission) -> tuple[list[TextComparison], list[DuplicateMatch]]:
    """The item's text matches side by side with the shared passages marked, and its photo matches
    (each with the earlier photo, its item and unit), as the last check found them."""
    matches = list(
        DuplicateMatch.objects.filter(submission=submission)
        .select_related("earlier__unit", "photo", "earlier_photo")
        .order_by("kind", "-score", "id")
    )
    mine = _plain(submission)
    texts = []
    for match in matches:
        if match.kind == DuplicateMatch.Kind.TEXT:
            theirs = _plain(match.earlier)
            texts.append(
                TextComparison(
                    earlier=match.earlier,
                    score=match.score,
                    this_text=similarity.shared_words(mine, theirs),
                    earlier_text=similarity.shared_words(theirs, mine),
                )
            )
    return texts, [m for m in matches if m.kind == DuplicateMatch.Kind.PHOTO]


def duplicate_decisions(
    *, committee: Unit, first_day: datetime.date, last_day: datetime.date
) -> dict[int, tuple[int, int]]:
    """{unit id: (returned as duplicates, rejected as duplicates)} for the editors' decisions taken
    from ``first_day`` to ``last_day``, in one aggregate query."""
    from submissions.workflow import Action

    start, end = _day_start(first_day), _day_start(last_day + datetime.timedelta(days=1))
    rows = (
        ReviewAction.objects.filter(
            submission__committee=committee,
            action__in=(Action.RETURN_AS_DUPLICATE, Action.REJECT_AS_DUPLICATE),
            created_at__gte=start,
            created_at__lt=end,
        )
        .values("submission__unit_id")
        .annotate(
            returned=Count("pk", filter=Q(action=Action.RETURN_AS_DUPLICATE)),
            rejected=Count("pk", filter=Q(action=Action.REJECT_AS_DUPLICATE)),
        )
        .order_by()
    )
    return {r["submission__unit_id"]: (r["returned"], r["rejected"]) for r in rows}
