"""Sending templated email with a text and an HTML part, in the recipient's language."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context, engines
from django.template.loader import render_to_string
from django.utils import translation

from portal.models import User


def send_templated_mail(*, to: User, template: str, context: dict) -> bool:
    """Render ``emails/<template>_subject.txt``, ``.txt`` and ``.html`` for ``to`` and send them.

    Returns False (and sends nothing) when the user has no address or turned email off.
    """
    if not to.email or not to.is_active:
        return False
    return _send(recipients=[to.email], language=to.language, template=template, context={"recipient": to, **context})


def _render_plain(name: str, context: dict) -> str:
    """A plain-text part: titles and names as typed (``"`` and ``'``, not ``&quot;``), since
    nothing reads it as HTML. Only the HTML part is escaped."""
    engine = engines["django"].engine
    return engine.get_template(name).render(Context(context, autoescape=False))


def _send(*, recipients: Iterable[str], language: str, template: str, context: dict) -> bool:
    base = {"PORTAL_NAME": settings.PORTAL_NAME, "PORTAL_BASE_URL": settings.PORTAL_BASE_URL}
    with translation.override(language or settings.LANGUAGE_CODE):
        ctx = {**base, **context}
        subject = " ".join(_render_plain(f"emails/{template}_subject.txt", ctx).split())
        text = _render_plain(f"emails/{template}.txt", ctx)
        html = render_to_string(f"emails/{template}.html", ctx)
    message = EmailMultiAlternatives(subject=subject, body=text, to=list(recipients))
    message.attach_alternative(html, "text/html")
    message.send()
    return True
