"""The unit's pages: its items, writing and uploading, submitting; and the item page everyone with
access shares (editors act on it too, through ``review_views``)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import roles
from portal.access import role_required
from portal.pagination import CappedPaginator
from submissions import selectors, services, workflow
from submissions.access import get_photo_for_user, get_submission_for_user
from submissions.forms import (
    AcceptPhotoForm,
    CommentForm,
    DismissDuplicateForm,
    NewItemPhotoForm,
    PhotoUploadForm,
    ScheduleForm,
    SubmissionForm,
)
from submissions.models import Photo, Submission
from submissions.photos import UploadRefused, check_upload, report_messages
from submissions.workflow import Input, Refusal, TransitionNotAllowed


def conflict(request: HttpRequest, message: str) -> HttpResponse:
    """The answer to an action the item's state (or its holder) does not allow now: 409 with why."""
    return render(request, "submissions/conflict.html", {"message": message}, status=409)


def confirm_page(
    request: HttpRequest,
    *,
    title: str,
    message: str,
    action_url: str,
    button: str,
    cancel_url: str,
    tone: str = "danger",
    fields: dict[str, str] | None = None,
    photo: Photo | None = None,
) -> HttpResponse:
    """ "Are you sure?" as a page of its own: the same post again with ``confirm=1``, or back."""
    context = {
        "title": title, "message": message, "action_url": action_url, "button": button, "tone": tone,
        "cancel_url": cancel_url, "fields": {k: v for k, v in (fields or {}).items() if v}, "photo": photo,
    }  # fmt: skip
    return render(request, "submissions/confirm.html", context)


@role_required(roles.UNIT)
def item_list(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    page = CappedPaginator(selectors.unit_items(request.user, state=state), 25).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "state": state,
        "states": [c for c in Submission.State.choices if c[0] != Submission.State.DELETED],
        "counts": selectors.state_counts(request.user),
        "progress": selectors.quota_progress(request.user.unit) if request.user.unit_id else None,
        "requests": {s.pk: selectors.latest_request(s) for s in page if s.state == Submission.State.CHANGES_REQUESTED},
    }
    return render(request, "submissions/item_list.html", context)


@role_required(roles.UNIT)
def item_create(request: HttpRequest) -> HttpResponse:
    committee = request.user.unit.committee if request.user.unit_id else None
    form = SubmissionForm(request.POST or None, committee=committee)
    photo_form = NewItemPhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid() and photo_form.is_valid():
        upload = photo_form.cleaned_data.get("photo")
        try:
            checked = check_upload(upload) if upload else None  # refuse a bad file before anything is written
        except UploadRefused as exc:
            photo_form.add_error("photo", exc.message)
        else:
            token = form.cleaned_data.get("form_token") or uuid.uuid4()
            with transaction.atomic():
                submission, created = services.submission_create_once(
                    by=request.user, token=token, **form.item_fields()
                )
            if not created:  # the same form sent twice: the first one made the draft
                messages.info(request, _("This form was already sent: the draft it made is below."))
                return redirect("submissions:item_edit", pk=submission.pk)
            if upload:
                services.photo_add(
                    submission=submission,
                    by=request.user,
                    upload=upload,
                    caption=photo_form.cleaned_data["caption"],
                    credit=photo_form.cleaned_data["credit"],
                    checked=checked,
                )
            messages.success(request, _("The draft was saved."))
            return redirect("submissions:item_edit", pk=submission.pk)
    if request.method == "POST":
        messages.error(request, _("Please correct the errors below; what you typed is kept."))
    return render(request, "submissions/item_form.html", {"form": form, "photo_form": photo_form, "item": None})


@role_required(roles.UNIT)
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    submission = get_submission_for_user(request.user, pk, for_unit_edit=True)
    if submission.state not in workflow.EDITABLE_BY_UNIT:
        if request.method == "POST":  # sent for review (or taken back) while this person was typing
            return _text_kept(request, submission)
        return redirect("submissions:item_detail", pk=submission.pk)
    form = SubmissionForm(request.POST or None, instance=submission, committee=submission.committee)
    problems: list[str] = []
    if request.method == "POST":
        if not form.is_valid():
            messages.error(request, _("Please correct the errors below; what you typed is kept."))
        else:
            fields = {name: form.cleaned_data[name] for name in services.DRAFT_FIELDS}
            try:
                submission = services.submission_update(
                    submission=submission, by=request.user, expected_version=form.cleaned_data.get("lock_version"),
                    **fields,
                )  # fmt: skip
            except services.EditConflict as exc:
                return _edit_conflict(request, exc.current)
            except TransitionNotAllowed:
                return _text_kept(request, Submission.objects.get(pk=submission.pk))
            if request.POST.get("action") != "submit":
                messages.success(request, _("The draft was saved."))
                return redirect("submissions:item_edit", pk=submission.pk)
            try:
                services.submission_submit(submission=submission, by=request.user)
            except services.SubmissionIncomplete as exc:
                problems = exc.messages
                messages.error(request, _("The draft was saved, but it cannot be sent yet."))
            except TransitionNotAllowed as exc:
                return conflict(request, exc.message)
            else:
                messages.success(request, _("The item was sent to the editorial board."))
                return redirect("submissions:item_detail", pk=submission.pk)
    context = {
        "form": form,
        "item": submission,
        "problems": problems,
        "photos": _photo_cards(selectors.item_photos(submission)),
        "upload_form": PhotoUploadForm(),
        "request_action": selectors.latest_request(submission),
    }
    return render(request, "submissions/item_form.html", context)


def _edit_conflict(request: HttpRequest, current: Submission) -> HttpResponse:
    """Someone saved the item while this person was editing it: show the form again with their
    text, what differs from the saved item, and the saved version's number, so saving again keeps
    their text knowingly (nothing was saved this time)."""
    data = request.POST.copy()
    data["lock_version"] = str(current.lock_version)
    form = SubmissionForm(data, instance=Submission.objects.get(pk=current.pk), committee=current.committee)
    form.is_valid()
    messages.warning(
        request,
        _(
            "Someone else saved this item while you were editing it. Your text is kept in the form; "
            "the differences from the saved item are shown above it. Save again to keep your text."
        ),
    )
    context = {
        "form": form,
        "item": current,
        "problems": [],
        "conflict": selectors.text_differences(current, request.POST),
        "photos": _photo_cards(selectors.item_photos(current)),
        "upload_form": PhotoUploadForm(),
        "request_action": selectors.latest_request(current),
    }
    return render(request, "submissions/item_form.html", context, status=409)


def _text_kept(request: HttpRequest, current: Submission) -> HttpResponse:
    """The item left the unit's hands (sent for review, withdrawn) while this person was typing:
    nothing is saved, and their text is shown back to them to copy, with why."""
    form = SubmissionForm(request.POST, instance=current, committee=current.committee)
    form.is_valid()
    messages.warning(
        request,
        _(
            "Your changes were not saved: the item is now “%(state)s” and its unit can no longer change it. "
            "Your text is kept below so you can copy it; ask the editorial board to request changes if it "
            "should go in."
        )
        % {"state": current.get_state_display()},
    )
    context = {"form": form, "item": current, "locked": True, "problems": [], "photos": [], "request_action": None}
    return render(request, "submissions/item_form.html", context, status=409)


def _photo_cards(photos) -> list[dict]:
    """Each photo with its report's messages and the committee's earlier items that used it already."""
    return [
        {"photo": p, "messages": report_messages(p), "reused": [] if p.removed else services.photo_matches(p)}
        for p in photos
    ]


@role_required(roles.UNIT)
@require_POST
def photo_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload one photo to a draft. With htmx the answer is the photo's card (thumbnail, verdict,
    messages) or the error, swapped into the page; without it, the edit page again."""
    submission = get_submission_for_user(request.user, pk, for_unit_edit=True)
    form = PhotoUploadForm(request.POST, request.FILES)
    error = ""
    photo = None
    if form.is_valid():
        try:
            photo = services.photo_add(
                submission=submission,
                by=request.user,
                upload=form.cleaned_data["photo"],
                caption=form.cleaned_data["caption"],
                credit=form.cleaned_data["credit"],
            )
        except UploadRefused as exc:
            error = exc.message
        except TransitionNotAllowed as exc:
            return conflict(request, exc.message)
    else:
        error = " ".join(e for errors in form.errors.values() for e in errors)
    if request.htmx:
        return render(
            request,
            "submissions/photos/upload_result.html",
            {"card": _photo_cards([photo])[0] if photo else None, "error": error,
             "item": submission, "upload_form": PhotoUploadForm() if photo else form},
        )  # fmt: skip
    if error:
        messages.error(request, error)
    return redirect("submissions:item_edit", pk=submission.pk)


@role_required(roles.UNIT)
@require_POST
def photo_remove(request: HttpRequest, pk: int, photo_pk: int) -> HttpResponse:
    """Remove a photo, after asking: actions.js asks in the page (and sends ``confirm=1``); without
    script, a page asks. An htmx request is the page's own, already asked."""
    submission = get_submission_for_user(request.user, pk, for_unit_edit=True)
    photo = _photo_of(submission, photo_pk)
    if request.POST.get("confirm") != "1" and not request.htmx and not photo.removed:
        return confirm_page(
            request,
            title=_("Remove the photo"),
            message=_("Remove this photo from “%(title)s”? The editorial board will no longer see it with the item.")
            % {"title": submission},
            action_url=reverse("submissions:photo_remove", args=[submission.pk, photo.pk]),
            button=_("Remove the photo"),
            cancel_url=reverse("submissions:item_edit", args=[submission.pk]),
            photo=photo,
        )
    try:
        services.photo_remove(photo=photo, by=request.user)
    except TransitionNotAllowed as exc:
        return conflict(request, exc.message)
    if request.htmx:
        return HttpResponse("")
    return redirect("submissions:item_edit", pk=submission.pk)


@role_required(roles.UNIT)
@require_POST
def photo_request_acceptance(request: HttpRequest, pk: int, photo_pk: int) -> HttpResponse:
    submission = get_submission_for_user(request.user, pk, for_unit_edit=True)
    services.photo_request_acceptance(photo=_photo_of(submission, photo_pk), by=request.user)
    messages.success(request, _("The editorial board was asked to look at the photo."))
    return redirect("submissions:item_edit", pk=submission.pk)


@role_required(roles.EDITORIAL)
@require_POST
def photo_accept(request: HttpRequest, pk: int, photo_pk: int) -> HttpResponse:
    submission = get_submission_for_user(request.user, pk)
    photo = _photo_of(submission, photo_pk)
    form = AcceptPhotoForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why you accept this photo."))
        return redirect("submissions:item_detail", pk=submission.pk)
    try:
        services.photo_accept(photo=photo, by=request.user, reason=form.cleaned_data["reason"])
    except TransitionNotAllowed as exc:
        return conflict(request, exc.message)
    messages.success(request, _("The photo was accepted."))
    return redirect("submissions:item_detail", pk=submission.pk)


def _photo_of(submission: Submission, photo_pk: int) -> Photo:
    photo = submission.photos.filter(pk=photo_pk).first()
    if photo is None:
        raise Http404
    photo.submission = submission
    return photo


@role_required(roles.EVERYONE)
def photo_file(request: HttpRequest, photo_pk: int, size: str) -> FileResponse:
    """A photo for signed-in people who may see its item: the original, or a rendition. Renditions
    are made when the photo is stored; until one exists, the original stands in for it."""
    photo = get_photo_for_user(request.user, photo_pk)
    if size not in ("original", "thumb", "page"):
        raise Http404
    rendition = {"thumb": photo.thumbnail, "page": photo.page_image}.get(size)
    field = rendition or photo.file
    response = FileResponse(field.open("rb"))
    response["Cache-Control"] = "private, max-age=3600"
    return response


@role_required(roles.EVERYONE)
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One item with its photos and their reports, its versions and its history; the actions the
    user may take now, as the workflow table lists them. Editors review here."""
    submission = get_submission_for_user(request.user, pk)
    user = request.user
    buttons = _buttons(submission, services.allowed_transitions(submission, user))
    is_editor = roles.in_group(user, roles.EDITORIAL)
    is_unit = roles.in_group(user, roles.UNIT)
    versions = selectors.named_versions(submission)
    reviewed = next((v for v in versions if v.number == submission.reviewed_version), None)
    context = {
        "item": submission,
        "photos": _photo_cards(selectors.item_photos(submission, include_removed=is_editor)),
        "history": selectors.item_history(submission),
        "versions": versions,
        "reviewed": reviewed,
        "actions": buttons,
        "buttons": [b for b in buttons if b["input"] in (Input.NONE, Input.COPY)],
        "schedule_action": next((b for b in buttons if b["input"] is Input.PUBLISH_AT), None),
        "review_actions": [b for b in buttons if b["input"] is Input.COMMENT],
        "is_editor": is_editor,
        "is_unit": is_unit,
        "can_edit": is_unit and submission.state in workflow.EDITABLE_BY_UNIT,
        "request_action": selectors.latest_request(submission),
        "schedule_form": ScheduleForm(),
        "accept_form": AcceptPhotoForm(),
        "duplicates": (
            selectors.duplicate_comparisons(submission)
            if submission.duplicate_status and roles.in_group(user, roles.COMMITTEE_WIDE)
            else None
        ),
        "dismiss_form": DismissDuplicateForm(),
        "can_see_since_review": bool(
            submission.reviewed_version and submission.version_count > submission.reviewed_version
        ),
    }
    return render(request, "submissions/item_detail.html", context)


def _buttons(submission: Submission, transitions: list[workflow.Transition]) -> list[dict]:
    """The allowed rows as buttons: the label in the current language, where it posts, its form.
    Sending to the board (``Input.DRAFT``) happens on the unit's edit page, not here."""
    buttons = []
    for transition in transitions:
        spec = transition.spec
        if spec.input is Input.DRAFT:
            continue
        url = (
            reverse("submissions:copy_edit", args=[submission.pk])
            if spec.input is Input.COPY
            else reverse("submissions:item_action", args=[submission.pk, spec.name])
        )
        label = _(spec.label) % {"name": submission.held_by}
        confirm = _(spec.confirm) % {"title": submission} if spec.confirm else ""
        buttons.append(
            {
                "action": spec.name,
                "label": label,
                "tone": spec.tone,
                "input": spec.input,
                "url": url,
                "confirm": confirm,
            }
        )
    return buttons


@role_required(roles.EVERYONE)
@require_POST
def item_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Any workflow step on one item (claim, take over, approve, request changes, reject, withdraw,
    publish, unpublish, ...). The workflow table decides; 403 for the wrong role, 409 for the wrong state."""
    submission = get_submission_for_user(request.user, pk)
    spec = workflow.ACTIONS.get(action)
    handler = _ACTION_HANDLERS.get(spec.input) if spec else None
    if handler is None:
        raise Http404
    return handler(request, submission, spec)


def _submit(request: HttpRequest, submission: Submission, spec: workflow.ActionSpec) -> HttpResponse:
    try:
        services.submission_submit(submission=submission, by=request.user)
    except services.SubmissionIncomplete as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("submissions:item_edit", pk=submission.pk)
    except TransitionNotAllowed as exc:
        return conflict(request, exc.message)
    messages.success(request, _("The item was sent to the editorial board."))
    return redirect("submissions:item_detail", pk=submission.pk)


def _transition(request: HttpRequest, submission: Submission, spec: workflow.ActionSpec) -> HttpResponse:
    form = CommentForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    if spec.confirm and request.POST.get("confirm") != "1":
        # Asked once more (without script: this page; with it, actions.js asks and sends confirm=1).
        try:
            services.require_action(submission, spec.name, request.user)
        except TransitionNotAllowed as exc:
            return conflict(request, exc.message)
        return confirm_page(
            request,
            title=_(spec.label),
            message=_(spec.confirm) % {"title": submission},
            action_url=reverse("submissions:item_action", args=[submission.pk, spec.name]),
            button=_(spec.label),
            tone=spec.tone.replace("outline-", ""),
            cancel_url=reverse("submissions:item_detail", args=[submission.pk]),
            fields={"comment": comment},
        )
    try:
        services.submission_transition(submission=submission, by=request.user, action=spec.name, comment=comment)
    except TransitionNotAllowed as exc:
        if exc.refusal is Refusal.COMMENT_MISSING:
            messages.error(request, exc.message)
            return redirect("submissions:item_detail", pk=submission.pk)
        return conflict(request, exc.message)
    messages.success(request, _("Done: %(action)s.") % {"action": _(spec.done)})
    if spec.name == workflow.Action.DELETE:
        return redirect("submissions:item_list")
    if spec.bulk and request.POST.get("next") == "queue":
        return redirect("submissions:review_queue")
    return redirect("submissions:item_detail", pk=submission.pk)


def _schedule(request: HttpRequest, submission: Submission, spec: workflow.ActionSpec) -> HttpResponse:
    try:
        services.require_action(submission, spec.name, request.user)
    except TransitionNotAllowed as exc:
        return conflict(request, exc.message)
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("submissions:item_detail", pk=submission.pk)
    try:
        services.submission_schedule(submission=submission, by=request.user, publish_at=form.cleaned_data["publish_at"])
    except TransitionNotAllowed as exc:
        return conflict(request, exc.message)
    messages.success(request, _("The item will be published at the set time."))
    return redirect("submissions:item_detail", pk=submission.pk)


# How ``item_action`` applies a row, by the input it takes (copy editing has its own page).
_ACTION_HANDLERS: dict[Input, Callable[[HttpRequest, Submission, workflow.ActionSpec], HttpResponse]] = {
    Input.DRAFT: _submit,
    Input.NONE: _transition,
    Input.COMMENT: _transition,
    Input.PUBLISH_AT: _schedule,
}
