from django import template

from submissions.models import Submission
from submissions.workflow import ACTION_LABELS

register = template.Library()
_STATES = dict(Submission.State.choices)


@register.filter
def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


@register.filter
def state_label(state: str) -> str:
    return str(_STATES.get(state, state))


@register.filter
def lookup(mapping: dict, key):
    return mapping.get(key) if mapping else None
