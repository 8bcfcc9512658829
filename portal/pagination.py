"""A paginator whose count stops at a cap.

Django's paginator counts every matching row (``COUNT(*)``) on each page: on a queue of 30,000 waiting
items or a public archive of 150,000 that count is most of the page's time, and it grows with the
archive. ``CappedPaginator`` counts at most ``cap + 1`` rows (``SELECT COUNT(*) FROM (… LIMIT cap + 1)``,
without the page's ordering or annotations); beyond the cap ``count`` is the cap, ``capped`` is true and
the pages past it are not offered (filters narrow a list that long better than paging does).
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property

COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, *args, cap: int | None = None, **kwargs) -> None:
        super().__init__(object_list, per_page, *args, **kwargs)
        self.cap = cap or COUNT_CAP

    @cached_property
    def _bounded_count(self) -> int:
        qs = self.object_list
        if hasattr(qs, "values_list"):
            return qs.order_by().values_list("pk", flat=True)[: self.cap + 1].count()
        return len(qs[: self.cap + 1])

    @cached_property
    def count(self) -> int:
        return min(self._bounded_count, self.cap)

    @property
    def capped(self) -> bool:
        return self._bounded_count > self.cap
