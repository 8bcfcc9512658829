"""Forms of the schedule app. They check input; the writes are in ``schedule.services``."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from portal.forms import unit_picker_attrs
from portal.models import Unit, User
from schedule import recipients, workflow
from schedule.models import ColumnMonth, Plan, PlanAttachment

# dd/mm/yyyy as people type it, and ISO as <input type="date"> sends it.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DOCUMENT_EXTENSIONS = {".pdf": (b"%PDF",), ".doc": (b"\xd0\xcf\x11\xe0",), ".docx": (b"PK\x03\x04",)}


def plan_document_max_bytes() -> int:
    return getattr(settings, "PLAN_DOCUMENT_MAX_BYTES", 10 * 1024 * 1024)


def check_document(document) -> None:
    """Refuse an uploaded plan file that is not a real PDF, DOC or DOCX, or is too large."""
    extension = Path(document.name).suffix.lower()
    if extension not in DOCUMENT_EXTENSIONS:
        raise forms.ValidationError(_("The document must be a PDF, DOC or DOCX file."))
    if document.size > plan_document_max_bytes():
        raise forms.ValidationError(
            _("The document is too large: at most %(mb)s MB.") % {"mb": plan_document_max_bytes() // (1024 * 1024)}
        )
    head = document.read(8)
    document.seek(0)
    if not head.startswith(DOCUMENT_EXTENSIONS[extension]):
        raise forms.ValidationError(_("The file is not a real %(kind)s document.") % {"kind": extension[1:].upper()})


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def date_field(label, *, required: bool = False) -> forms.DateField:
    return forms.DateField(label=label, required=required, input_formats=DATE_INPUT_FORMATS, widget=DateInput())


class RegistrationForm(forms.Form):
    proposed_topic = forms.CharField(
        label=_("Adjusted topic (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The plan's topics are suggestions; propose your own if it fits your unit better."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class StaffForm(forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=200)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    phone = forms.RegexField(
        label=_("Phone"),
        max_length=30,
        required=False,
        regex=r"^[0-9+ .()-]{6,30}$",
        error_messages={"invalid": _("Enter a phone number: digits, spaces, +, dots or dashes.")},
    )
    user = forms.ModelChoiceField(label=_("Portal account (optional)"), queryset=User.objects.none(), required=False)

    def __init__(self, *args, unit: Unit | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if unit is not None:
            self.fields["user"].queryset = User.objects.filter(unit=unit, is_active=True).order_by("username")


class TransitionForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), choices=[])
    agreed_content = forms.CharField(
        label=_("Agreed content"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    air_date = forms.DateField(
        label=_("Air or print date"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        help_text=_("When agreeing: the date agreed with the department. When recording the airing: the real date."),
        error_messages={"invalid": _("Enter a date as dd/mm/yyyy, for example 15/06/2023.")},
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, month: ColumnMonth, role: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        actions = workflow.available_actions(month.state, role)
        self.fields["action"].choices = [(t.action, _(t.label)) for t in actions]
        if not self.is_bound:
            self.initial.setdefault("agreed_content", month.agreed_content)
            self.initial.setdefault("air_date", month.air_date)


class MonthForm(forms.ModelForm):
    class Meta:
        model = ColumnMonth
        fields = ["topic", "media", "units", "all_quota_units", "units_label"]
        widgets = {"topic": forms.Textarea(attrs={"rows": 3}), "units": forms.CheckboxSelectMultiple}

    def __init__(self, *args, committee: Unit, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = Unit.objects.filter(committee=committee, parent__isnull=False)
        self.fields["units"].widget.attrs.update(unit_picker_attrs(checklist=True))
        self.fields["topic"].required = True


class PlanForm(forms.ModelForm):
    issued_on = date_field(_("Date issued"))
    period_start = date_field(_("Period start"), required=True)
    period_end = date_field(_("Period end"), required=True)

    class Meta:
        model = Plan
        fields = [
            "number",
            "title",
            "issuing_unit",
            "issued_on",
            "signed_by",
            "year",
            "period_start",
            "period_end",
            "implements",
            "document",
            "quota_news",
            "quota_articles",
            "quota_units",
            "coordination_day",
            "holidays_move_deadline",
            "event_news_allowance_days",
            "reminder_days_before",
            "quota_reminder_working_days",
        ]
        widgets = {"quota_units": forms.CheckboxSelectMultiple, "title": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, committee: Unit, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(committee=committee).order_by("sort_order", "name")
        self.fields["issuing_unit"].queryset = units
        self.fields["issuing_unit"].widget.attrs.update(unit_picker_attrs())
        self.fields["quota_units"].queryset = units.exclude(pk=committee.pk)
        self.fields["quota_units"].widget.attrs.update(unit_picker_attrs(checklist=True))
        others = Plan.objects.committee_own().filter(committee=committee)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        self.fields["implements"].queryset = others
        self.fields["document"].help_text = _("PDF, DOC or DOCX, at most %(mb)s MB.") % {
            "mb": plan_document_max_bytes() // (1024 * 1024)
        }
        self.fields["document"].widget = forms.FileInput(attrs={"accept": ".pdf,.doc,.docx"})
        if not self.instance.pk:
            self.initial.setdefault("quota_units", list(units.filter(carries_quota=True)))
        self.fields["quota_reminder_working_days"].required = False  # empty: the plan's value or 3

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if not document or document == getattr(self.instance, "document", None):
            return document
        check_document(document)
        return document

    def clean_coordination_day(self) -> int:
        day = self.cleaned_data["coordination_day"]
        if not 1 <= day <= 31:
            raise forms.ValidationError(_("Give a day of the month between 1 and 31."))
        return day

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period must end after it starts."))
        return data


class ReferenceForm(forms.Form):
    number = forms.CharField(label=_("Number"), max_length=60, required=False)
    issued_on = date_field(_("Date issued"))
    issuer = forms.CharField(label=_("Issued by"), max_length=300, required=False)
    title = forms.CharField(label=_("Title"), max_length=400, required=False)

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("number") and (data.get("issuer") or data.get("title") or data.get("issued_on")):
            self.add_error("number", _("Give the referenced plan's number."))
        return data


ReferenceFormSet = forms.formset_factory(ReferenceForm, extra=2, max_num=20)


class TopicForm(forms.Form):
    """A topic's name; the checks that need the plan (no two active topics alike) are in the service."""

    name = forms.CharField(
        label=_("Topic"),
        max_length=200,
        error_messages={"required": _("Give the topic a name.")},
    )


class AttachmentForm(forms.Form):
    """One file of a plan: the plan, its propaganda outline or an annex."""

    kind = forms.ChoiceField(label=_("Kind of file"), choices=PlanAttachment.Kind.choices)
    title = forms.CharField(label=_("Title (optional)"), max_length=300, required=False)
    file = forms.FileField(
        label=_("File"), widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.doc,.docx"}), required=False
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("PDF, DOC or DOCX, at most %(mb)s MB.") % {
            "mb": plan_document_max_bytes() // (1024 * 1024)
        }

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            check_document(upload)
        return upload


AttachmentFormSet = forms.formset_factory(AttachmentForm, extra=3, max_num=10)


class RecipientsField(forms.CharField):
    """The plan's "Nơi nhận" as it is printed: one recipient a line, "(b/c)" for those that
    receive reports."""

    widget = forms.Textarea(attrs={"rows": 5})

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("label", _("Recipients (Nơi nhận)"))
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            _('One recipient a line, as the plan prints them; add "(b/c)" to those that receive reports.'),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        return recipients.parse(super().to_python(value) or "")
