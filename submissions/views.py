"""The unit's pages: its items, writing and uploading, submitting; and the item page everyone with
access shares (editors act on it too, through ``review_views``)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import fragments, roles
from portal.access import role_required
from portal.pagination import CappedPaginator
from submissions import rules as item_rules
from submissions import selectors, services, workflow
from submissions.access import get_photo_for_user, get_submission_for_user
from submissions.forms import (
    AcceptPhotoForm,
    CommentForm,
    DismissDuplicateForm,
    PhotoUploadForm,
    ScheduleForm,
    SubmissionForm,
)
from submissions.models import Photo, Submission
from submissions.photos import MAX_UPLOAD_BYTES, RENDITIONS, UploadRefused, check_upload, report_messages
from submissions.richtext import sanitize_body
from submissions.workflow import Input, Refusal, TransitionNotAllowed

# What the photo input offers. HEIC is left out on purpose: an iPhone then hands the page a JPEG copy.
ACCEPTED_TYPES = "image/jpeg,image/png,image/webp"


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
@fragments.cached_page(lambda request: request.user.pk)
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


# The one-step form (``item_form.html`` with ``static/submissions/submit.js``): the text, the kind,
# the event date and the photos together, and one button that sends the item to the board. With
# JavaScript each photo goes up (scaled down first, see PHOTO_CLIENT_MAX_EDGE) and is checked as
# soon as it is chosen, the first one making the draft (keyed by the form's one-time token);
# without it the same form posts the text and the photos together. Either way nothing typed or
# chosen is dropped: a refused photo is named with why, a refused submit keeps the saved draft.


def client_max_edge() -> int:
    """The long edge, in pixels, above which the browser scales a photo down before sending it.

    The portal shows photos at most 1280 px wide (``photos.RENDITIONS["page"]``); twice that keeps
    them sharp on high-density screens and in a newspaper column, at a fraction of a 24 MP file."""
    return int(getattr(settings, "PHOTO_CLIENT_MAX_EDGE", 0) or 2 * RENDITIONS["page"])


def _token(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None


def _draft_of_form(user, token: uuid.UUID | None) -> Submission | None:
    if token is None:
        return None
    return Submission.objects.filter(creation_token=token, author=user).exclude(state=Submission.State.DELETED).first()


def _token_of_someone_else(user, token: uuid.UUID | None) -> bool:
    """True for a token another person's form made a draft with (only a forged post has one)."""
    return token is not None and Submission.objects.filter(creation_token=token).exclude(author=user).exists()


@role_required(roles.UNIT)
def item_create(request: HttpRequest) -> HttpResponse:
    committee = request.user.unit.committee if request.user.unit_id else None
    if request.method != "POST":
        return _compose_page(request, SubmissionForm(committee=committee), None)
    token = _token(request.POST.get("form_token"))
    if _token_of_someone_else(request.user, token):
        token = None
    existing = _draft_of_form(request.user, token)
    if existing is not None:
        # This form made its draft already: on its first photo, or it was sent before (a double
        # click, a retry after an answer lost on the way). Go on with that draft.
        if existing.state not in workflow.EDITABLE_BY_UNIT:
            messages.info(request, _("This form was already sent: the item it made is below."))
            return _go(request, "submissions:item_detail", existing.pk)
        form = SubmissionForm(request.POST, instance=existing, committee=existing.committee)
        return _save(request, existing, form)
    form = SubmissionForm(request.POST, committee=committee)
    uploads = request.FILES.getlist("photo")
    if not form.is_valid() and not uploads:
        messages.error(request, _("Please correct the errors below; what you typed is kept."))
        return _compose_page(request, form, None)
    # Photos chosen without JavaScript are kept even when a field is wrong: the draft is made
    # with the fields that are right, and the form is shown again with the others marked.
    with transaction.atomic():
        submission, _created = services.submission_create_once(
            by=request.user, token=token or uuid.uuid4(), **_valid_fields(form)
        )
    return _save(request, submission, SubmissionForm(_with_version(request.POST, submission), instance=submission,
                                                     committee=submission.committee))  # fmt: skip


def _valid_fields(form: SubmissionForm) -> dict:
    """The item fields of ``form`` that passed validation (all of them when the form is valid)."""
    form.is_valid()
    return {name: form.cleaned_data[name] for name in services.DRAFT_FIELDS if name in form.cleaned_data}


def _with_version(data, submission: Submission):
    data = data.copy()
    data["lock_version"] = str(submission.lock_version)
    return data


@role_required(roles.UNIT)
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    submission = get_submission_for_user(request.user, pk, for_unit_edit=True)
    if submission.state not in workflow.EDITABLE_BY_UNIT:
        if request.method == "POST":  # sent for review (or taken back) while this person was typing
            return _text_kept(request, submission)
        return redirect("submissions:item_detail", pk=submission.pk)
    if request.method != "POST":
        notes = request.session.pop(_notes_key(submission), None) or {}
        form = SubmissionForm(instance=submission, committee=submission.committee)
        return _compose_page(request, form, submission, **notes)
    form = SubmissionForm(request.POST, instance=submission, committee=submission.committee)
    return _save(request, submission, form)


def _notes_key(submission: Submission) -> str:
    return f"submissions:compose:{submission.pk}"


def _save(request: HttpRequest, submission: Submission, form: SubmissionForm) -> HttpResponse:
    """The one form posted on an editable draft: save the text, the photos chosen without
    JavaScript and the captions, then do what the button asked (save, submit, or a photo's own
    button), and show the draft again (Post/Redirect/Get) with what stopped it, if anything."""
    user = request.user
    valid = form.is_valid()
    if valid:
        fields = {name: form.cleaned_data[name] for name in services.DRAFT_FIELDS}
        expected = form.cleaned_data.get("lock_version")
        if expected is not None and expected != submission.lock_version and _same_text(submission, fields):
            expected = None  # the same post again (a retry after a lost answer): nothing to conflict with
        try:
            submission = services.submission_update(submission=submission, by=user, expected_version=expected, **fields)
        except services.EditConflict as exc:
            return _edit_conflict(request, exc.current)
        except TransitionNotAllowed:
            return _text_kept(request, Submission.objects.get(pk=submission.pk))
    refused = _add_posted_photos(request, submission)
    captions = {int(k.split("-", 1)[1]): v for k, v in request.POST.items() if re.fullmatch(r"caption-\d+", k)}
    if captions:
        try:
            services.photo_captions_update(submission=submission, by=user, captions=captions)
        except TransitionNotAllowed:
            return _text_kept(request, Submission.objects.get(pk=submission.pk))
    if not valid:
        messages.error(request, _("Please correct the errors below; what you typed is kept."))
        form = SubmissionForm(_with_version(request.POST, submission), instance=submission,
                              committee=submission.committee)  # fmt: skip
        form.is_valid()
        return _compose_page(request, form, submission, refused=refused)
    notes: dict = {"refused": refused}
    photo_pk = request.POST.get("remove_photo") or request.POST.get("ask_acceptance")
    if photo_pk and photo_pk.isdigit():  # a photo's own button, without JavaScript
        photo = _photo_of(submission, int(photo_pk))
        if "remove_photo" in request.POST:
            services.photo_remove(photo=photo, by=user)
        else:
            services.photo_request_acceptance(photo=photo, by=user)
            messages.success(request, _("The editorial board was asked to look at the photo."))
    elif request.POST.get("action") == "submit" and refused:
        # Not sent with a photo missing that its author chose: they decide, seeing why.
        messages.error(request, _("The draft was saved but not sent: a photo you chose was not taken."))
    elif request.POST.get("action") == "submit":
        try:
            services.submission_submit(submission=submission, by=user)
        except services.SubmissionIncomplete as exc:
            notes["problems"] = exc.messages
            messages.error(request, _("The draft was saved, but it cannot be sent yet."))
        except TransitionNotAllowed as exc:
            return conflict(request, exc.message)
        else:
            messages.success(request, _("The item was sent to the editorial board."))
            return _go(request, "submissions:item_detail", submission.pk)
    else:
        messages.success(request, _("The draft was saved."))
    if refused:
        messages.error(request, _("Some photos were not taken; the reason is beside each of them."))
    request.session[_notes_key(submission)] = notes
    return _go(request, "submissions:item_edit", submission.pk)


def _go(request: HttpRequest, name: str, pk: int) -> HttpResponse:
    """Post/Redirect/Get. static/submissions/submit.js posts the form itself (so that a lost
    connection can be retried without leaving the page) and asks for the address instead: a
    followed redirect would consume the page's one-time messages."""
    url = reverse(name, args=[pk])
    if request.headers.get("X-Compose") == "1":
        return JsonResponse({"redirect": url})
    return redirect(url)


def _same_text(submission: Submission, fields: dict) -> bool:
    """True when the saved item already holds ``fields`` (read again: a bound ModelForm has
    written the posted values onto its instance)."""
    submission = Submission.objects.get(pk=submission.pk)
    for name, value in fields.items():
        if name == "body":
            value = sanitize_body(value)
        elif isinstance(value, str):
            value = value.strip()
        if getattr(submission, name) != value:
            return False
    return True


def _add_posted_photos(request: HttpRequest, submission: Submission) -> list[dict]:
    """Store the photos posted with the form (without JavaScript); the refused ones by name and why."""
    refused = []
    caption = request.POST.get("caption", "")
    credit = request.POST.get("credit", "")
    for upload in request.FILES.getlist("photo"):
        try:
            services.photo_add(submission=submission, by=request.user, upload=upload, caption=caption, credit=credit)
        except UploadRefused as exc:
            refused.append({"name": upload.name, "message": exc.message})
    return refused


def _compose_page(
    request: HttpRequest,
    form: SubmissionForm,
    submission: Submission | None,
    *,
    problems: list[str] | None = None,
    refused: list[dict] | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(request, "submissions/item_form.html", _compose_context(form, submission, problems, refused),
                  status=status)  # fmt: skip


def _compose_context(form, submission, problems=None, refused=None) -> dict:
    upload_url = (
        reverse("submissions:photo_upload", args=[submission.pk])
        if submission is not None
        else reverse("submissions:photo_upload_new")
    )
    return {
        "form": form,
        "item": submission,
        "problems": problems or [],
        "refused": refused or [],
        "photos": _compose_cards(selectors.item_photos(submission)) if submission is not None else [],
        "request_action": selectors.latest_request(submission) if submission is not None else None,
        "upload_url": upload_url,
        "client_max_edge": client_max_edge(),
        "max_upload_mb": MAX_UPLOAD_BYTES // 1024 // 1024,
        "accepted_types": ACCEPTED_TYPES,
        "rules": {"MIN_TITLE_CHARS": item_rules.MIN_TITLE_CHARS, "MIN_BODY_CHARS": item_rules.MIN_BODY_CHARS},
    }


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
    context = _compose_context(form, current)
    context["conflict"] = selectors.text_differences(current, request.POST)
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
    context = _compose_context(form, current) | {"locked": True, "photos": [], "request_action": None}
    return render(request, "submissions/item_form.html", context, status=409)


def _photo_cards(photos) -> list[dict]:
    """Each photo with its report's messages and the committee's earlier items that used it already."""
    return [
        {"photo": p, "messages": report_messages(p), "reused": [] if p.removed else services.photo_matches(p)}
        for p in photos
    ]


def _compose_cards(photos) -> list[dict]:
    # "Checking" while the slower check is due (Photo.checking): the card waits as long as the submit button.
    return [card | {"checking": card["photo"].checking} for card in _photo_cards(photos)]


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _upload_answer(request: HttpRequest, submission: Submission, photo: Photo) -> JsonResponse:
    """The photo just stored, for static/submissions/submit.js: its card, where to poll its verdict
    and the draft it belongs to (the first photo of a new form made it)."""
    card = _compose_cards([photo])[0]
    return JsonResponse(
        {
            "photo": photo.pk,
            "item": submission.pk,
            "edit_url": reverse("submissions:item_edit", args=[submission.pk]),
            "verdict_url": reverse("submissions:photo_verdict", args=[submission.pk, photo.pk]),
            "checking": card["checking"],
            "html": render_to_string(
                "submissions/photos/compose_card.html", {"card": card, "item": submission}, request=request
            ),
        },  # fmt: skip
        status=201,
    )


def _refused(message: str, status: int = 422) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


@role_required(roles.UNIT)
@require_POST
def photo_upload_new(request: HttpRequest) -> HttpResponse:
    """A photo chosen on the new-item form before it was saved: checked first, then stored on the
    draft of the form's one-time token, made now (with whatever text is typed so far) when this is
    its first photo. A refused photo makes no draft. Answers JSON (static/submissions/submit.js)."""
    token = _token(request.POST.get("form_token"))
    upload = request.FILES.get("photo")
    if token is None or _token_of_someone_else(request.user, token):
        return _refused(_("The form is out of date: reload the page."), status=400)
    if upload is None:
        return _refused(_("Choose a photo to upload."))
    try:
        checked = check_upload(upload)  # before anything is written: a refused photo leaves no draft
    except UploadRefused as exc:
        return _refused(exc.message)
    submission = _draft_of_form(request.user, token)
    if submission is None:
        committee = request.user.unit.committee if request.user.unit_id else None
        with transaction.atomic():
            submission, _created = services.submission_create_once(
                by=request.user, token=token, **_valid_fields(SubmissionForm(request.POST, committee=committee))
            )
    try:
        photo = services.photo_add(
            submission=submission, by=request.user, upload=upload, checked=checked,
            caption=request.POST.get("caption", ""), credit=request.POST.get("credit", ""),
        )  # fmt: skip
    except TransitionNotAllowed as exc:
        return _refused(exc.message, status=409)
    return _upload_answer(request, submission, photo)


@role_required(roles.UNIT)
@require_POST
def photo_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload one photo to a draft. Answers JSON to static/submissions/submit.js (the one-step
    form), the photo's card to htmx, and the edit page again otherwise."""
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
            if _wants_json(request):
                return _refused(exc.message, status=409)
            return conflict(request, exc.message)
    else:
        error = " ".join(e for errors in form.errors.values() for e in errors)
    if _wants_json(request):
        return _upload_answer(request, submission, photo) if photo else _refused(error)
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
def photo_verdict(request: HttpRequest, pk: int, photo_pk: int) -> HttpResponse:
    """A photo's card as it stands now, polled by static/submissions/submit.js while the slower
    check runs; the header ``X-Photo-Checking`` says whether to ask again. Only the item's unit."""
    submission = get_submission_for_user(request.user, pk, for_unit_edit=True)
    photo = _photo_of(submission, photo_pk)
    card = _compose_cards([photo])[0]
    response = render(request, "submissions/photos/compose_card.html", {"card": card, "item": submission})
    response["X-Photo-Checking"] = "1" if card["checking"] else "0"
    response["Cache-Control"] = "no-store"
    return response


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
        if _wants_json(request):
            return _refused(exc.message, status=409)
        return conflict(request, exc.message)
    if request.htmx or _wants_json(request):
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
