"""Forms of the reports app. They check input with clear messages; the writes are in services."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from reports import fields as F
from reports.models import ActivityForm, Report, ReportSettings
from schedule.forms import RecipientsField, date_field
from schedule.models import Plan
from submissions.models import Submission

MAX_PEOPLE = 50


class PeopleField(forms.CharField):
    """One person a line, "name, position"; stored as [{"name", "position"}]."""

    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value):
        text = super().to_python(value) or ""
        people = []
        for line in text.splitlines():
            if not line.strip():
                continue
            name, _sep, position = line.partition(",")
            if not name.strip():
                raise forms.ValidationError(_("Each line needs a name: “name, position”."))
            people.append({"name": name.strip()[:200], "position": position.strip()[:200]})
        if len(people) > MAX_PEOPLE:
            raise forms.ValidationError(_("List at most %(n)s people.") % {"n": MAX_PEOPLE})
        return people

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(", ".join(x for x in (p.get("name"), p.get("position")) if x) for p in value)
        return value


def _published_items(plan: Plan):
    return Submission.objects.filter(committee_id=plan.committee_id, state=Submission.State.PUBLISHED).order_by(
        "-published_at"
    )


def _form_field(spec: dict, plan: Plan) -> forms.Field:
    label, required, kind = spec["label"], bool(spec.get("required")), spec["type"]
    if kind == F.DATE:
        field = date_field(label, required=required)
        field.error_messages["invalid"] = _("Enter a date as dd/mm/yyyy.")
        return field
    if kind == F.NUMBER:
        return forms.IntegerField(
            label=label,
            required=required,
            min_value=0,
            max_value=10_000_000,
            widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            error_messages={
                "invalid": _("Enter a whole number, e.g. 25."),
                "min_value": _("Enter 0 or more."),
                "max_value": _("The number is too large."),
            },
        )
    if kind == F.YES_NO:
        return forms.TypedChoiceField(
            label=label,
            required=required,
            choices=[("", "—"), ("yes", _("Yes")), ("no", _("No"))],
            coerce=lambda v: v == "yes",
            empty_value=None,
        )
    if kind == F.URL:
        return forms.URLField(
            label=label,
            required=required,
            max_length=500,
            assume_scheme="https",
            error_messages={"invalid": _("Enter a web address such as https://…")},
        )
    if kind == F.CHOICE:
        return forms.ChoiceField(label=label, required=required, choices=[("", "—"), *F.choice_pairs(spec)])
    if kind == F.PEOPLE:
        return PeopleField(label=label, required=required)
    if kind == F.PUBLISHED_ITEM:
        return forms.ModelChoiceField(
            label=label,
            required=required,
            queryset=_published_items(plan),
            empty_label="—",
            help_text=_("Choose the item if it was published on the public news site."),
        )
    if kind == F.LONG_TEXT:
        return forms.CharField(label=label, required=required, max_length=5000, widget=forms.Textarea({"rows": 3}))
    return forms.CharField(label=label, required=required, max_length=300)


class ActivityValuesForm(forms.Form):
    """The facts a form of propaganda asks for, built from the form's field list, plus photos'
    captions and links common to all forms."""

    links = forms.CharField(
        label=_("Links (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One web address a line: the broadcast, the post, the article."),
    )

    def __init__(self, *args, activity_form: ActivityForm, plan: Plan, **kwargs) -> None:
        initial = dict(kwargs.pop("initial", None) or {})
        super().__init__(*args, initial=initial, **kwargs)
        self.activity_form = activity_form
        self.plan = plan
        specs = list(activity_form.fields)
        ordered = {}
        for spec in specs:
            ordered[spec["name"]] = _form_field(spec, plan)
        ordered["links"] = self.fields["links"]
        self.fields = ordered
        self.specs = {s["name"]: s for s in specs}

    def clean_links(self) -> list[str]:
        validator = forms.URLField(assume_scheme="https")
        links = []
        for line in (self.cleaned_data.get("links") or "").splitlines():
            if line.strip():
                try:
                    links.append(validator.clean(line.strip()))
                except forms.ValidationError:
                    raise forms.ValidationError(
                        _("“%(value)s” is not a web address. Write addresses such as https://…")
                        % {"value": line.strip()[:80]}
                    ) from None
        return links[:20]

    def clean(self) -> dict:
        data = super().clean()
        date_name = self.activity_form.date_field
        day = data.get(date_name)
        if isinstance(day, datetime.date) and not self.plan.period_start <= day <= self.plan.period_end:
            self.add_error(
                date_name,
                _("The date must fall within the plan, from %(start)s to %(end)s.")
                % {"start": f"{self.plan.period_start:%d/%m/%Y}", "end": f"{self.plan.period_end:%d/%m/%Y}"},
            )
        start = data.get("period_from")
        if isinstance(start, datetime.date) and isinstance(day, datetime.date) and start > day:
            self.add_error("period_from", _("The period must start before it ends."))
        return data

    def values(self) -> dict:
        """The cleaned facts as JSON: dates as ISO text, a published item as its id and title."""
        values = {}
        for name, spec in self.specs.items():
            value = self.cleaned_data.get(name)
            if value in (None, "", []):
                continue
            if isinstance(value, datetime.date):
                value = value.isoformat()
            elif spec["type"] == F.PUBLISHED_ITEM:
                value = {"id": value.pk, "title": value.title}
            values[name] = value
        return values

    @classmethod
    def initial_from(cls, values: dict, links: list[str]) -> dict:
        initial = {}
        for name, value in values.items():
            initial[name] = value["id"] if isinstance(value, dict) and "id" in value else value
        initial["links"] = "\n".join(links)
        return initial


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("Photo (optional)"), required=False, widget=forms.ClearableFileInput(attrs={"accept": "image/*"})
    )
    caption = forms.CharField(label=_("Caption"), required=False, max_length=300)


class WardPlanForm(forms.Form):
    number = forms.CharField(label=_("Number and symbol"), max_length=60, required=False)
    title = forms.CharField(label=_("Title"), max_length=400, widget=forms.Textarea(attrs={"rows": 2}))
    issued_on = date_field(_("Date issued"))
    signed_by = forms.CharField(label=_("Signed by"), max_length=200, required=False)
    recipients = RecipientsField()

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("number") and not data.get("issued_on"):
            self.add_error("number", _("Give the plan's number or its date of issue."))
        return data


class ReportForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = ["results", "mobilised_count", "mobilisation", "ideological_situation", "difficulties", "proposals"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in ["results", "mobilisation", "ideological_situation", "difficulties", "proposals"]
        }


class ActionForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class SettingsForm(forms.ModelForm):
    class Meta:
        model = ReportSettings
        fields = [
            "period",
            "due_day",
            "reminder_days_before",
            "place_name",
            "document_symbol",
            "signer_on_behalf",
            "signer_position",
            "signer_name",
        ]

    def clean_due_day(self) -> int:
        day = self.cleaned_data["due_day"]
        if not 1 <= day <= 31:
            raise forms.ValidationError(_("Give a day of the month between 1 and 31."))
        return day

    def clean_reminder_days_before(self) -> int:
        days = self.cleaned_data["reminder_days_before"]
        if days > 20:
            raise forms.ValidationError(_("Remind at most 20 working days before."))
        return days


class ActivityFormForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=40, help_text=_("Latin letters, digits and dashes."))
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    fields_spec = forms.CharField(
        label=_("Fields"),
        widget=forms.Textarea(attrs={"rows": 8, "class": "font-monospace"}),
        help_text=_(
            "One field a line: name | label | type | required (yes/no) | choices separated by “;”. "
            "Types: text, long_text, date, number, yes_no, url, choice, people, published_item. "
            "Every form needs a required field named date of type date."
        ),
    )
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)

    SPEC_PROBLEMS = {
        "columns": _("Line %(line)s: write at least name | label | type."),
        "name": _("Line %(line)s: the name must be lowercase Latin letters, digits or _, and the label not empty."),
        "type": _("Line %(line)s: unknown type."),
        "duplicate": _("Line %(line)s: this name is used twice."),
        "choices": _("Line %(line)s: a choice field needs its choices, separated by “;”."),
    }

    def clean_fields_spec(self) -> list[dict]:
        try:
            parsed = F.parse_spec(self.cleaned_data["fields_spec"])
        except F.SpecError as error:
            raise forms.ValidationError(self.SPEC_PROBLEMS[error.problem] % {"line": error.line}) from None
        if not parsed:
            raise forms.ValidationError(_("Give at least one field."))
        return parsed
