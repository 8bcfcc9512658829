"""``{% part "name" scope… %}…{% endpart %}``: a part of a signed-in page rendered once and kept in the cache
until a table of the portal is written (``portal.fragments``, ``portal.writes``), per the scope given
(``user.pk`` for a page of one person's, the committee and the role for a page shared by a role), the
page's address with its query, the language and the day.

Inside the part, ``{% csrf_token %}`` and ``{{ back_path }}`` give stand-ins that every request replaces
with its own token and address. The view should hand the part lazy values (querysets, ``SimpleLazyObject``)
so that a fresh part costs none of its queries."""

from __future__ import annotations

import hashlib

from django import template
from django.utils import timezone

from portal import fragments, writes

register = template.Library()


class PartNode(template.Node):
    def __init__(self, nodelist, name, scope):
        self.nodelist = nodelist
        self.name = name
        self.scope = scope

    def render(self, context):
        request = context["request"]
        scope = ":".join(str(var.resolve(context)) for var in self.scope)
        address = hashlib.blake2s(request.get_full_path().encode(), digest_size=12).hexdigest()
        key = f"part:{self.name.resolve(context)}:{scope}:{address}:{timezone.localdate().isoformat()}"

        def render_part() -> str:
            with context.push(**fragments.MARKS):
                return fragments.compact(self.nodelist.render(context))

        html = writes.cached_for(key, writes.of_apps(*fragments.PORTAL_APPS), render_part, timeout=fragments.SECONDS)
        return fragments.fill(request, html)


@register.tag("part")
def do_part(parser, token):
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError(
            f"'{bits[0]}' takes a name and at least one scope (user.pk, or the committee and the role)"
        )
    nodelist = parser.parse(("endpart",))
    parser.delete_first_token()
    return PartNode(nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]])
