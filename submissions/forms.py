from __future__ import annotations

import datetime
import uuid

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Unit
from schedule.models import Topic
from schedule.selectors import plan_for
from submissions import rules
from submissions.models import Submission
from submissions.photos import MAX_UPLOAD_BYTES


class BodyWidget(forms.Textarea):
    """A textarea that static/submissions/editor.js turns into a small rich-text editor; without
    JavaScript it stays a textarea where blank lines separate paragraphs."""

    def __init__(self) -> None:
        super().__init__(attrs={"rows": 12, "data-rich-editor": "1"})


class SubmissionForm(forms.ModelForm):
    # Concurrency guards, not item fields: the version the form was drawn from (a save from an
    # older one is a conflict) and, on the new-item page, the form's one-time token.
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    form_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Submission
        fields = ["kind", "title", "summary", "body", "topic", "event_date", "event_place"]
        widgets = {
            "kind": forms.RadioSelect,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": BodyWidget(),
            "event_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "event_date": _(
                "For a news item or article about an event: it is due 1 working day after the event. "
                "Leave empty when the item is about no single event."
            ),
            "summary": _("One or two sentences that open the item."),
        }

    def __init__(self, *args, committee: Unit | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        plan = plan_for(committee) if committee is not None else None
        topic_field = self.fields["topic"]
        # Retired topics are not offered, but an item keeps the one it has (rule 7).
        offered = Q(plan=plan, retired_at__isnull=True) if plan else Q(pk__in=[])
        topic_field.queryset = Topic.objects.filter(offered | Q(pk=self.instance.topic_id or 0))
        topic_field.empty_label = _("(no topic)")
        self.fields["event_date"].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]
        # The rules before any refusal (rule 3 and submissions.rules): the live counters of
        # static/submissions/submit.js read these attributes.
        self.fields["title"].help_text = _("At least %(min)s characters.") % {"min": rules.MIN_TITLE_CHARS}
        self.fields["title"].widget.attrs.update({"data-min-chars": rules.MIN_TITLE_CHARS})
        self.fields["body"].help_text = _(
            "A news item needs at least %(news)s characters of text, an article at least %(article)s."
        ) % {"news": rules.MIN_BODY_CHARS["news"], "article": rules.MIN_BODY_CHARS["article"]}
        self.fields["body"].widget.attrs.update(
            {"data-min-news": rules.MIN_BODY_CHARS["news"], "data-min-article": rules.MIN_BODY_CHARS["article"],
             "data-max-chars": rules.MAX_BODY_CHARS}
        )  # fmt: skip
        if self.instance.pk:
            self.fields["lock_version"].initial = self.instance.lock_version
            del self.fields["form_token"]
        else:
            self.fields["form_token"].initial = uuid.uuid4()
            del self.fields["lock_version"]
        # Rendered with crispy inside the page's own <form>, which also holds the first photo.
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(InlineRadios("kind"), *(name for name in self.fields if name != "kind"))

    def item_fields(self) -> dict:
        """The cleaned item fields, without the concurrency guards."""
        return {name: value for name, value in self.cleaned_data.items() if name not in ("lock_version", "form_token")}

    def clean_event_date(self) -> datetime.date | None:
        day = self.cleaned_data.get("event_date")
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("The event date cannot be in the future."))
        return day


class PhotoUploadForm(forms.Form):
    # A plain file field: submissions.photos.check_upload judges size and format, with clearer messages.
    photo = forms.FileField(
        label=_("Photo"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("JPEG, PNG or WebP, at most %(max)s MB; the original from the camera is best.")
        % {"max": MAX_UPLOAD_BYTES // 1024 // 1024},
        error_messages={
            "required": _("Choose a photo to upload."),
        },
    )
    caption = forms.CharField(label=_("Caption"), max_length=500, required=False)
    credit = forms.CharField(label=_("Credit (photographer)"), max_length=200, required=False)


class NewItemPhotoForm(PhotoUploadForm):
    """The optional first photo on the new-item page."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["photo"].required = False


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ScheduleForm(forms.Form):
    publish_at = forms.DateTimeField(
        label=_("Publish at"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
        # Drawn by hand inside item_detail.html's row of review actions, so it carries its class itself.
        widget=forms.DateTimeInput(attrs={"type": "datetime-local", "class": "form-control"}),
    )

    def clean_publish_at(self) -> datetime.datetime:
        value = self.cleaned_data["publish_at"]
        if value <= timezone.now():
            raise forms.ValidationError(_("Choose a time in the future, or publish now."))
        return value


class CopyEditForm(forms.Form):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    body = forms.CharField(label=_("Body"), widget=BodyWidget())
    comment = forms.CharField(label=_("Note on the edit"), required=False)


class AcceptPhotoForm(forms.Form):
    reason = forms.CharField(
        label=_("Why this photo may be published"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why you accept this photo.")},
    )


class DismissDuplicateForm(forms.Form):
    reason = forms.CharField(
        label=_("Why this is not a duplicate"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why this item is not a duplicate.")},
    )


class EventDateForm(forms.Form):
    """An editor's correction of the event date (rule 4); the reason goes into the item's history."""

    event_date = forms.DateField(
        label=_("Event date"),
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leave it empty when the item reports no particular event."),
    )
    reason = forms.CharField(
        label=_("Why the date is corrected"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the event date is corrected.")},
    )

    def clean_event_date(self) -> datetime.date | None:
        day = self.cleaned_data.get("event_date")
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("The event date cannot be in the future."))
        return day
