"""The unit's pages: its items, writing and uploading, submitting; and the item page everyone with
access shares (editors act on it too, through ``review_views``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access import COMMITTEE_WIDE_ROLES, EDITORIAL_ROLES, has_role, role_required
from portal.models import Role
from submissions import selectors, services
from submissions.access import UNIT_ROLES, get_photo_for_user, get_submission_for_user
from submissions.forms import (
    AcceptPhotoForm,
    CommentForm,
    NewItemPhotoForm,
    PhotoUploadForm,
    ScheduleForm,
    SubmissionForm,
)
from submissions.models import Photo, Submission
from submissions.photos import UploadRefused, check_upload, make_rendition, report_messages
from submissions.workflow import Action, TransitionNotAllowed, allowed_actions

ALL_ROLES = (*UNIT_ROLES, *COMMITTEE_WIDE_ROLES)


def conflict(request: HttpRequest, message: str) -> HttpResponse:
    """The answer to an action the item's state (or its holder) does not allow now: 409 with why."""
    return render(request, "submissions/conflict.html", {"message": message}, status=409)


@role_required(*UNIT_ROLES)
def item_list(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    page = Paginator(selectors.unit_items(request.user, state=state), 25).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "state": state,
        "states": Submission.State.choices,
        "counts": selectors.state_counts(request.user),
        "progress": selectors.quota_progress(request.user.unit) if request.user.unit_id else None,
        "requests": {s.pk: selectors.latest_request(s) for s in page if s.state == Submission.State.CHANGES_REQUESTED},
    }
    return render(request, "submissions/item_list.html", context)


@role_required(*UNIT_ROLES)
def item_create(request: HttpRequest) -> HttpResponse:
    committee = request.user.unit.committee if request.user.unit_id else None
    form = SubmissionForm(request.POST or None, committee=committee)
    photo_form = NewItemPhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid() and photo_form.is_valid():
        upload = photo_form.cleaned_data.get("photo")
        try:
            if upload:
                check_upload(upload)  # refuse a bad file before anything is written
                upload.seek(0)
        except UploadRefused as exc:
            photo_form.add_error("photo", exc.message)
        else:
            with transaction.atomic():
                submission = services.submission_create(by=request.user, **form.cleaned_data)
            if upload:
                services.photo_add(
                    submission=submission,
                    by=request.user,
                    upload=upload,
                    caption=photo_form.cleaned_data["caption"],
                    credit=photo_form.cleaned_data["credit"],
                )
            messages.success(request, _("The draft was saved."))
            return redirect("submissions:item_edit", pk=submission.pk)
    if request.method == "POST":
        messages.error(request, _("Please correct the errors below; what you typed is kept."))
    return render(request, "submissions/item_form.html", {"form": form, "photo_form": photo_form, "item": None})


@role_required(*UNIT_ROLES)
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    submission = get_submission_for_user(request.user, pk, for_unit_edit=True)
    if submission.state not in services.EDITABLE_BY_UNIT:
        return redirect("submissions:item_detail", pk=submission.pk)
    form = SubmissionForm(request.POST or None, instance=submission, committee=submission.committee)
    problems: list[str] = []
    if request.method == "POST":
        if not form.is_valid():
            messages.error(request, _("Please correct the errors below; what you typed is kept."))
        else:
            fields = {name: form.cleaned_data[name] for name in services.DRAFT_FIELDS}
            try:
                submission = services.submission_update(submission=submission, by=request.user, **fields)
            except TransitionNotAllowed as exc:
                return conflict(request, exc.message)
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


def _photo_cards(photos) -> list[dict]:
    return [{"photo": p, "messages": report_messages(p)} for p in photos]


@role_required(*UNIT_ROLES)
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
            {"card": {"photo": photo, "messages": report_messages(photo)} if photo else None, "error": error,
             "item": submission, "upload_form": PhotoUploadForm() if photo else form},
        )  # fmt: skip
    if error:
        messages.error(request, error)
    return redirect("submissions:item_edit", pk=submission.pk)


@role_required(*UNIT_ROLES)
@require_POST
def photo_remove(request: HttpRequest, pk: int, photo_pk: int) -> HttpResponse:
    submission = get_submission_for_user(request.user, pk, for_unit_edit=True)
    photo = _photo_of(submission, photo_pk)
    try:
        services.photo_remove(photo=photo, by=request.user)
    except TransitionNotAllowed as exc:
        return conflict(request, exc.message)
    if request.htmx:
        return HttpResponse("")
    return redirect("submissions:item_edit", pk=submission.pk)


@role_required(*UNIT_ROLES)
@require_POST
def photo_request_acceptance(request: HttpRequest, pk: int, photo_pk: int) -> HttpResponse:
    submission = get_submission_for_user(request.user, pk, for_unit_edit=True)
    services.photo_request_acceptance(photo=_photo_of(submission, photo_pk), by=request.user)
    messages.success(request, _("The editorial board was asked to look at the photo."))
    return redirect("submissions:item_edit", pk=submission.pk)


@role_required(*EDITORIAL_ROLES)
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


@role_required(*ALL_ROLES)
def photo_file(request: HttpRequest, photo_pk: int, size: str) -> FileResponse:
    """A photo for signed-in people who may see its item: the original, or a rendition (made on demand)."""
    photo = get_photo_for_user(request.user, photo_pk)
    if size == "original":
        field = photo.file
    elif size in ("thumb", "page"):
        make_rendition(photo, size)
        field = photo.thumbnail if size == "thumb" else photo.page_image
    else:
        raise Http404
    response = FileResponse(field.open("rb"))
    response["Cache-Control"] = "private, max-age=3600"
    return response


@role_required(*ALL_ROLES)
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One item with its photos and their reports, its versions and its history; the actions the
    user may take now. Editors review here."""
    submission = get_submission_for_user(request.user, pk)
    user = request.user
    actions = allowed_actions(submission, user)
    is_editor = has_role(user, *EDITORIAL_ROLES)
    versions = list(submission.versions.select_related("created_by").order_by("number"))
    context = {
        "item": submission,
        "photos": _photo_cards(selectors.item_photos(submission, include_removed=is_editor)),
        "history": selectors.item_history(submission),
        "versions": versions,
        "actions": actions,
        "is_editor": is_editor,
        "is_unit": has_role(user, *UNIT_ROLES),
        "can_edit": has_role(user, *UNIT_ROLES) and submission.state in services.EDITABLE_BY_UNIT,
        "request_action": selectors.latest_request(submission),
        "comment_form": CommentForm(),
        "schedule_form": ScheduleForm(),
        "accept_form": AcceptPhotoForm(),
        "Action": Action,
        "can_see_since_review": bool(
            submission.reviewed_version and submission.version_count > submission.reviewed_version
        ),
    }
    return render(request, "submissions/item_detail.html", context)


@login_required
@require_POST
def item_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Any workflow step on one item (claim, take over, approve, request changes, reject, withdraw,
    publish, unpublish, ...). The workflow table decides; 403 for the wrong role, 409 for the wrong state."""
    submission = get_submission_for_user(request.user, pk)
    if action in (Action.SUBMIT, Action.RESUBMIT):
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
    if action == Action.SCHEDULE:
        return _schedule(request, submission)
    known = {
        Action.WITHDRAW,
        Action.CLAIM,
        Action.TAKE_OVER,
        Action.RELEASE,
        Action.REQUEST_CHANGES,
        Action.APPROVE,
        Action.REJECT,
        Action.PUBLISH,
        Action.UNPUBLISH,
        Action.REPUBLISH,
        Action.UNSCHEDULE,
    }
    if action not in known:
        raise Http404
    form = CommentForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        services.submission_transition(submission=submission, by=request.user, action=action, comment=comment)
    except TransitionNotAllowed as exc:
        if action in services.COMMENT_REQUIRED and not comment.strip():
            messages.error(request, exc.message)
            return redirect("submissions:item_detail", pk=submission.pk)
        return conflict(request, exc.message)
    messages.success(request, _("Done: %(action)s.") % {"action": _action_label(action)})
    if action == Action.WITHDRAW or not has_role(request.user, Role.EDITOR, Role.ADMIN):
        return redirect("submissions:item_detail", pk=submission.pk)
    if action in (Action.APPROVE, Action.REQUEST_CHANGES, Action.REJECT) and request.POST.get("next") == "queue":
        return redirect("submissions:review_queue")
    return redirect("submissions:item_detail", pk=submission.pk)


def _schedule(request: HttpRequest, submission: Submission) -> HttpResponse:
    if not has_role(request.user, Role.EDITOR, Role.ADMIN):
        raise PermissionDenied
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


def _action_label(action: str) -> str:
    from submissions.workflow import ACTION_LABELS

    return str(ACTION_LABELS.get(action, action))
