"""What every search of the portal shares: a bounded result count, its words, and the per-client
rate limit.

The count stops at ``PORTAL_SEARCH_COUNT_LIMIT`` (counting every match of a common word in a large archive costs as
much as the search itself, and nobody reads past the first pages): "hơn 1.000 kết quả".

Searches are limited per client in the cache (``portal.cache``: when Redis is down the counters go
on in the process's memory, and searching keeps working): signed-in people per account, anonymous
readers per address (the one the trusted proxies vouch for, ``portal.client_ip``, as the sign-in
limits use). Over the limit, the page answers 429 with a Vietnamese page in the portal's layout.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import BooleanField, F, QuerySet
from django.db.models.expressions import RawSQL
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.client_ip import client_ip
from portal.pagination import CappedPaginator


def count_limit() -> int:
    """Where counts stop (``PORTAL_SEARCH_COUNT_LIMIT``, 1,000 by default)."""
    return settings.PORTAL_SEARCH_COUNT_LIMIT


def walk_rows() -> int:
    """How many rows of a list a page past the count's bound may walk before the matches are sorted
    instead (``PORTAL_SEARCH_WALK_ROWS``, 1,000 by default)."""
    return settings.PORTAL_SEARCH_WALK_ROWS


class BoundedPaginator(CappedPaginator):
    """The portal's capped paginator (``portal.pagination``), stopping at the search count limit, with the
    "12 kết quả" / "hơn 1.000 kết quả" label."""

    def __init__(self, object_list, per_page, *, limit: int | None = None, **kwargs) -> None:
        super().__init__(object_list, per_page, cap=count_limit() if limit is None else limit, **kwargs)

    @property
    def more(self) -> bool:
        """Whether there are more rows than the count says."""
        return self.capped

    @property
    def count_label(self) -> str:
        return result_count_label(self.count, more=self.more)


@dataclass(frozen=True)
class SearchReads:
    """Two ways to read the same search's matches in the same order: ``by_index`` finds them by index
    (GIN); ``walk`` has the search condition in a form no index answers, so that the planner reads
    the list's order index and checks each row. ``listed``: the same list without the search (where
    a walk of ``walk_rows()`` rows would stop); without it, a page past the bound is always sorted.
    ``most``: how many rows the list holds at most, when it is part of its table (the newest items)."""

    by_index: QuerySet
    walk: QuerySet
    listed: QuerySet | None = None
    most: int | None = None


class SearchPaginator(BoundedPaginator):
    """A search's pages, each read by the plan that what the bounded count found calls for.

    ``reads``: the ways to read the search (``SearchReads``), each finding more than the one before;
    the first that finds a page's worth (or the last) is used. Its count reads the first ``limit +
    1`` matches by index (a bitmap scan that stops there) and has the database sort their keys; then
    a page is read:

    * within the limit, by primary key: the page's rows among the keys found, whatever the planner
      would guess about the search's selectivity;
    * past the limit, by ``walk``: the list's order index is read newest first and every row
      checked; with more than ``limit`` matches a page is soon filled, where a bitmap scan would
      read and sort every match. The walk is bounded: it stops at the ``walk_rows()``-th row of the
      list (a range of the order index). Checking a row reads its stored vector, which for a real
      article is several kilobytes out of line (about 5 µs a row), so a page far down the list, or
      of a search matching few of many items, would otherwise read most of the archive. When the
      bounded walk does not fill the page, the matches are found by index and the database sorts
      them (about 1 µs a match: it reads each match's row, not its vector).
    """

    def __init__(self, reads: list[SearchReads], per_page, **kwargs) -> None:
        super().__init__(reads[0].by_index, per_page, **kwargs)
        self.reads = reads

    @cached_property
    def _read(self) -> tuple[SearchReads, list]:
        for read in self.reads:
            found = self._found(read.by_index)
            if len(found) >= self.per_page:
                break
        return read, found

    def _found(self, matches: QuerySet) -> list:
        """The primary keys of the first ``limit + 1`` matches the index finds, in list order: the
        database sorts them (at most ``limit + 1`` rows, whatever the archive's size)."""
        return _sorted_keys(matches, first=self.cap + 1)

    @cached_property
    def _bounded_count(self) -> int:
        return len(self._read[1])

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        read, found = self._read
        # Past the limit, walk the list's order; within it, the page's rows by primary key.
        rows = self._past_the_limit(read, bottom, top) if self.capped else read.walk.filter(pk__in=found[bottom:top])
        return self._get_page(rows, number, self)

    def _past_the_limit(self, read: SearchReads, bottom: int, top: int) -> list:
        """Rows ``bottom`` to ``top`` of a search with more matches than the limit.

        First by a walk of the list's newest ``walk_rows()`` rows. When they do not hold the page, the
        share of them that match says which costs less: walking on to the page (about ``top / share``
        rows, each row's vector read) or sorting every match found by index (about ``share`` times
        the table's rows, each match's row read). A deep page of a common search walks on; one of a
        search matching few of many items is sorted."""
        head = _head(read, walk_rows())
        if head is not None:
            rows, met = _walked(read, head, bottom, top)
            share = met / walk_rows()
            if rows is None and share and top / share < share * _table_rows(read.listed, most=read.most):
                rows, _met = _walked(read, _head(read, math.ceil(1.5 * top / share)), bottom, top)
            if rows is not None:
                return rows
        keys = _sorted_keys(read.by_index, first=top, skip=bottom, whole=True)
        return list(read.walk.filter(pk__in=keys))


def _walked(read: SearchReads, head: QuerySet, bottom: int, top: int) -> tuple[list | None, int]:
    """Rows ``bottom`` to ``top`` when ``head`` (a bounded walk, ``_head``) holds them, else None; and how
    many matches it met up to ``top``. Read in list order with a limit, so that PostgreSQL reads the range
    of the order index: the first page's rows at once, a later page's keys and then its rows."""
    if bottom == 0:
        met = list(head[:top])
        return (met if len(met) == top else None), len(met)
    keys = list(head.values_list("pk", flat=True)[:top])
    return (list(read.walk.filter(pk__in=keys[bottom:])) if len(keys) == top else None), len(keys)


def _table_rows(listed: QuerySet, *, most: int | None = None) -> float:
    """About how many rows the list's table holds (at most ``most``): PostgreSQL's estimate (kept by
    ANALYZE, no scan); on another database, the list's own count (a small local one)."""
    connection = connections[listed.db]
    if connection.vendor != "postgresql":
        return listed.count()
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [listed.model._meta.db_table])
        row = cursor.fetchone()
    rows = max(row[0], 0) if row else 0
    return rows if most is None else min(rows, most)


def _head(read: SearchReads, rows: int) -> QuerySet | None:
    """``read.walk`` down to the list's ``rows``-th row: a range of the list's order index, ``(a, b)
    >= (the a and b of that row)`` in the order's columns, that row read by a subquery in the same
    statement (a comparison of rows, which PostgreSQL reads as a range of the index; the first column
    alone would not be one where rows share a value, as items published together do). When the list
    is shorter, there is no such row and the head is empty (the page is then sorted: a list that
    short holds few matches). None when the order mixes directions or there is no list."""
    ordering = [str(field) for field in read.walk.query.order_by]
    if read.listed is None or not ordering or len({field.startswith("-") for field in ordering}) != 1:
        return None
    meta = read.walk.model._meta
    names = [meta.pk.name if field.lstrip("-") == "pk" else field.lstrip("-") for field in ordering]
    edge_sql, edge_params = read.listed.order_by(*ordering).values_list(*names)[rows - 1 : rows].query.sql_with_params()
    quote = connections[read.walk.db].ops.quote_name
    columns = ", ".join(f"{quote(meta.db_table)}.{quote(meta.get_field(name).column)}" for name in names)
    comparison = ">=" if ordering[0].startswith("-") else "<="
    within = RawSQL(f"({columns}) {comparison} ({edge_sql})", edge_params, output_field=BooleanField())
    return read.walk.filter(within)


def _sorted_keys(matches: QuerySet, *, first: int, skip: int = 0, whole: bool = False) -> list:
    """The primary keys of ``matches`` as the database sorts them in list order, from the ``skip``-th
    to the ``first``-th. Without ``whole``, of the first ``first`` matches found (a scan that stops
    there: the first ``limit + 1`` matches of a count); with it, of every match: the matches are
    found apart from their order (``OFFSET 0`` keeps PostgreSQL from reading the list's order index
    instead, checking every row), then sorted (a top-N sort)."""
    ordering = [str(field) for field in matches.query.order_by] or ["pk"]
    keys = {f"sort_{i}": F(field.lstrip("-")) for i, field in enumerate(ordering)}
    found = matches.order_by().prefetch_related(None).values(found_pk=F("pk"), **keys)
    connection = connections[matches.db]
    try:
        sql, params = (found if whole else found[:first]).query.sql_with_params()
    except EmptyResultSet:  # a search without a word (``none()``)
        return []
    if whole and connection.vendor == "postgresql":
        sql += " OFFSET 0"
    order = ", ".join(
        f"found.sort_{i} {'DESC' if field.startswith('-') else 'ASC'}" for i, field in enumerate(ordering)
    )
    outer = f"SELECT found.found_pk FROM ({sql}) found ORDER BY {order}"
    if whole:
        outer += f" LIMIT {int(first - skip)} OFFSET {int(skip)}"
    with connection.cursor() as cursor:
        cursor.execute(outer, params)
        return [row[0] for row in cursor.fetchall()]


def result_count_label(count: int, *, more: bool = False) -> str:
    """ "12 kết quả", or "hơn 1.000 kết quả" when the count stopped at its bound."""
    shown = number_format(count, force_grouping=True)
    if more:
        return _("more than %(count)s results") % {"count": shown}
    return ngettext("%(count)s result", "%(count)s results", count) % {"count": shown}


def _rate_key(request: HttpRequest) -> tuple[str, int]:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"search-rate:user:{user.pk}", settings.PORTAL_SEARCH_LIMIT_SIGNED_IN
    return f"search-rate:address:{client_ip(request) or 'unknown'}", settings.PORTAL_SEARCH_LIMIT_ANONYMOUS


def search_allowed(request: HttpRequest) -> bool:
    """Count one search of this client; False when it is over its limit for the current window."""
    key, limit = _rate_key(request)
    window = settings.PORTAL_SEARCH_WINDOW
    cache.add(key, 0, window)
    try:
        done = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        done = 1
    return done <= limit


def too_many_searches(request: HttpRequest, *, layout: str = "base.html", context: dict | None = None) -> HttpResponse:
    """The 429 page: in Vietnamese, in the portal's layout, with when to try again."""
    window = settings.PORTAL_SEARCH_WINDOW
    response = render(
        request,
        "portal/too_many_searches.html",
        {**(context or {}), "layout": layout, "retry_seconds": window},
        status=429,
    )
    response["Retry-After"] = str(window)
    return response


def units_matching(units: QuerySet, q: str) -> QuerySet:
    """The units of ``units`` whose name or short name has every word of ``q``, without tones or
    case ("ke sach" finds "Ủy ban MTTQ huyện Kế Sách")."""
    from django.db.models import Q

    from portal.text import fold

    condition = Q()
    for word in fold(q).split():
        condition &= Q(name_folded__contains=word)
    return units.filter(condition)


PICKER_LIMIT = 100


def unit_picker_response(request: HttpRequest, units: QuerySet, *, short: bool = False) -> HttpResponse:
    """A unit picker's answer (``portal/static/portal/unit-picker.js``): the units matching ``q`` as
    JSON, with the count to show ("12 kết quả"). A select gets the first ``PICKER_LIMIT`` of them
    (``[value, label]``, the value being the unit's code, or its id with ``value=pk``); a list of
    checkboxes (``all=1``) gets every match up to the count's bound, to hide the others."""
    from django.http import JsonResponse

    matching = units_matching(units, request.GET.get("q", "")[:100]).order_by("sort_order", "name")
    limit = count_limit()
    counted = BoundedPaginator(matching, PICKER_LIMIT, limit=limit)
    by_pk = request.GET.get("value") == "pk"
    rows = matching.values_list("pk", "code", "name", "short_name")[
        : limit if request.GET.get("all") == "1" else PICKER_LIMIT
    ]
    return JsonResponse(
        {
            "count": counted.count,
            "count_label": counted.count_label,
            "units": [
                [str(pk) if by_pk else code, (short_name or name) if short else name]
                for pk, code, name, short_name in rows
            ],
        }
    )
