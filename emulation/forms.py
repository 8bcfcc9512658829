from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _


class RecomputeForm(forms.Form):
    """Recompute a month of the plan: which month, and why (the reason is logged)."""

    month = forms.ChoiceField(label=_("Month"))
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the month is recomputed: the reason is kept in the log.")},
    )

    def __init__(self, *args, months: list[datetime.date], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.months = {f"{m:%Y-%m}": m for m in months}
        self.fields["month"].choices = [(key, f"{m:%m/%Y}") for key, m in self.months.items()]

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if len(reason) < 5:
            raise forms.ValidationError(_("Give a reason of at least 5 characters."))
        return reason

    def chosen_month(self) -> datetime.date:
        return self.months[self.cleaned_data["month"]]
