from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from submissions.models import Submission
from submissions.richtext import sanitize_body
from submissions.workflow import done_label

register = template.Library()
_STATES = dict(Submission.State.choices)


@register.filter
def action_label(action: str) -> str:
    return gettext(done_label(action))


@register.filter
def state_label(state: str) -> str:
    return str(_STATES.get(state, state))


@register.filter
def lookup(mapping: dict, key):
    return mapping.get(key) if mapping else None


@register.simple_tag
def unit_options(units, selected: str = "", short: bool = False) -> str:
    """The <option>s of a unit filter. Built in Python with plain escaping: a committee can have
    thousands of units, and a template loop (or format_html) over them costs more than the page."""
    rows = units.values_list("code", "name", "short_name") if hasattr(units, "values_list") else units
    parts = []
    for code, name, short_name in rows:
        label = (short_name or name) if short else name
        mark = " selected" if code == selected else ""
        parts.append(f'<option value="{escape(code)}"{mark}>{escape(label)}</option>')
    return mark_safe("".join(parts))  # every value above went through escape()


# Above this many units a filter is a text field (name or code) rather than a list of every unit:
# 3,300 commune-level units made 200 KB of <option>s on every page of a national site.
UNIT_LIST_MAX = 60


@register.simple_tag
def unit_filter(
    units, selected: str = "", field_class: str = "form-select", search_url: str = "", search_label: str = ""
) -> str:
    """A unit filter named ``unit``: a <select> of ``units`` when there are at most ``UNIT_LIST_MAX``
    of them, otherwise a search field taking a unit's name or code (one query either way). With
    ``search_url`` the list gets a tone-free "find a unit" box (portal/static/portal/unit-picker.js)."""
    rows = list(units.values_list("code", "name", "short_name")[: UNIT_LIST_MAX + 1])
    label = escape(gettext("Unit"))
    if len(rows) <= UNIT_LIST_MAX:
        options = unit_options(rows, selected)
        picker = (
            f' data-unit-search="{escape(search_url)}" data-search-label="{escape(search_label)}"' if search_url else ""
        )
        return mark_safe(
            f'<select class="{escape(field_class)}" name="unit" aria-label="{label}"{picker}>'
            f'<option value="">{escape(gettext("All units"))}</option>{options}</select>'
        )
    placeholder = escape(gettext("Unit: name or code"))
    return mark_safe(  # every value went through escape()
        f'<input class="form-control" type="search" name="unit" value="{escape(selected)}"'
        f' placeholder="{placeholder}" aria-label="{label}" maxlength="100">'
    )


@register.filter
def body_html(body: str) -> str:
    """An item's stored body as HTML, sanitised again as it is shown. Every write path sanitises
    (the services), but the body also arrives from data migrations, fixtures and the shell; showing
    it through the same allow-list means no stored text can become a script on the public site."""
    return mark_safe(sanitize_body(body or ""))  # nh3's allow-list output is safe HTML
