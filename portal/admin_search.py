"""The admin's search, the way Vietnamese people type: without tones, without case, "đ" as "d".

Django's admin compares ``search_fields`` as typed (``icontains``), so "ke sach" finds nothing named
"Kế Sách". A model with folded columns (``portal.text.fold``: ``Unit.name_folded``,
``Submission.title_folded``) names them in ``folded_search_fields``: an object is then found by its
fields as typed, or when every word of the folded search is in one of its folded columns.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Q

from portal.text import fold


class FoldedSearchMixin:
    folded_search_fields: tuple[str, ...] = ()

    def get_search_results(self, request, queryset, search_term: str):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        words = fold(search_term).split()
        if not words or not self.folded_search_fields:
            return found, may_have_duplicates
        every_word = Q()
        for word in words:
            every_word &= reduce(or_, (Q(**{f"{field}__contains": word}) for field in self.folded_search_fields))
        return found | queryset.filter(every_word), may_have_duplicates
