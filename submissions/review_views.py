"""The editors' pages: the review queue with its bulk actions, copy editing, and version comparison
(which the item's unit may open too)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from portal import fragments, roles, search
from portal.access import committee_of, role_required
from portal.models import Unit
from portal.pagination import CappedPaginator
from schedule.models import Topic
from submissions import selectors, services, workflow
from submissions.access import get_submission_for_user, visible_submissions
from submissions.forms import CopyEditForm, DismissDuplicateForm, EventDateForm
from submissions.models import Submission
from submissions.photos import problem_code_choices
from submissions.views import conflict
from submissions.workflow import TransitionNotAllowed

QUEUE_PAGE_SIZE = 50


def _queue_filters(request: HttpRequest) -> selectors.QueueFilters:
    get = request.GET
    topic = get.get("topic", "")
    return selectors.QueueFilters(
        unit=get.get("unit", ""),
        kind=get.get("kind", ""),
        state=get.get("state", ""),
        topic=int(topic) if topic.isdigit() else None,
        late=get.get("late") == "1",
        duplicate=get.get("duplicate") == "1",
        photo=get.get("photo", ""),
        q=get.get("q", "")[:200],
        order=get.get("order", "oldest"),
    )


@role_required(roles.QUEUE_READERS)
@fragments.cached_page(lambda request: request.user.pk, when=lambda request: not request.GET.get("q", "").strip())
def review_queue(request: HttpRequest) -> HttpResponse:
    """Every unit's waiting items, oldest first; the propaganda department may read it."""
    committee = committee_of(request.user)
    filters = _queue_filters(request)
    items = selectors.review_queue(request.user, filters)
    if filters.q.strip():
        # A title search: limited per account, with a bounded count (portal.search).
        if not search.search_allowed(request):
            return search.too_many_searches(request, context={"back_url": reverse("submissions:review_queue")})
        paginator = search.BoundedPaginator(items, QUEUE_PAGE_SIZE)
    else:
        paginator = CappedPaginator(items, QUEUE_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    can_act = roles.in_group(request.user, roles.EDITORIAL)
    context = {
        "page": page,
        "filters": filters,
        "units": Unit.objects.filter(committee=committee).exclude(pk=committee.pk).order_by("sort_order", "name"),
        "topics": Topic.objects.filter(plan__committee=committee).select_related("plan"),
        "kinds": Submission.Kind.choices,
        "states": [
            c for c in Submission.State.choices if c[0] not in (Submission.State.DRAFT, Submission.State.DELETED)
        ],
        "photo_codes": problem_code_choices(),
        "querystring": query.urlencode(),
        "can_act": can_act,
        # The bulk buttons: the table's actions offered for several items at once.
        "bulk_actions": [
            {"action": name, "label": _(workflow.ACTIONS[name].label), "tone": workflow.ACTIONS[name].tone}
            for name in workflow.BULK_ACTIONS
        ]
        if can_act
        else [],
    }
    return render(request, "submissions/review_queue.html", context)


@role_required(roles.EDITORIAL)
@require_POST
def review_bulk(request: HttpRequest) -> HttpResponse:
    """Approve, request changes, reject or publish several items with one comment; each one is
    checked and recorded on its own, and the page says which could not be done and why. Publishing
    is asked once more first: a page lists what will be published and what cannot be, and why."""
    action = request.POST.get("action", "")
    if action not in (*workflow.BULK_ACTIONS, workflow.BULK_PUBLISH):
        raise Http404
    ids = [int(i) for i in request.POST.getlist("items") if i.isdigit()]
    back = _same_site(request, request.POST.get("back", ""))
    if not ids:
        messages.error(request, _("Select at least one item."))
        return redirect(back or "submissions:review_queue")
    comment = request.POST.get("comment", "")
    items = visible_submissions(request.user).filter(pk__in=ids).select_related("unit").order_by("first_submitted_at")
    if action == workflow.BULK_PUBLISH and request.POST.get("confirm") != "1":
        preview = services.bulk_preview(submissions=items, by=request.user, action=action)
        context = {
            "preview": preview,
            "ready": [item for item, step, why in preview if not why],
            "comment": comment,
            "back": back,
        }
        return render(request, "submissions/bulk_publish_confirm.html", context)
    done, failed = services.bulk_transition(submissions=items, by=request.user, action=action, comment=comment)
    if action == workflow.BULK_PUBLISH:
        if done:
            titles = "; ".join(f"“{s}”" for s in done)
            messages.success(
                request,
                ngettext("%(count)s item was published: %(titles)s.", "%(count)s items were published: %(titles)s.",
                         len(done)) % {"count": len(done), "titles": titles},
            )  # fmt: skip
        for submission, why in failed:
            messages.error(request, _("“%(title)s” was not published: %(why)s") % {"title": submission, "why": why})
    else:
        if done:
            messages.success(request, _("%(count)s item(s) done.") % {"count": len(done)})
        for submission, why in failed:
            messages.error(request, f"“{submission}”: {why}")
    return redirect(back or "submissions:review_queue")


def _same_site(request: HttpRequest, url: str) -> str:
    """``url`` when it stays on this site (a path of the portal), else "" (never redirect off-site)."""
    allowed = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if url and allowed else ""


@role_required(roles.EDITORIAL)
def copy_edit(request: HttpRequest, pk: int) -> HttpResponse:
    submission = get_submission_for_user(request.user, pk)
    initial = {
        "title": submission.title, "summary": submission.summary, "body": submission.body,
        "lock_version": submission.lock_version,
    }  # fmt: skip
    form = CopyEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ("title", "summary", "body", "comment")}
        try:
            services.submission_edit_copy(
                submission=submission, by=request.user, expected_version=form.cleaned_data["lock_version"], **fields
            )
        except services.EditConflict as exc:
            # Another editor saved first: keep this editor's text, show what differs, and let a
            # second save (now from the current version) keep it knowingly.
            data = request.POST.copy()
            data["lock_version"] = str(exc.current.lock_version)
            messages.warning(
                request,
                _(
                    "Another editor saved this item while you were editing it. Your text is kept in the form; "
                    "the differences from the saved item are shown above it. Save again to keep your text."
                ),
            )
            context = {
                "form": CopyEditForm(data),
                "item": exc.current,
                "conflict": selectors.text_differences(exc.current, request.POST),
            }
            return render(request, "submissions/copy_edit.html", context, status=409)
        except TransitionNotAllowed as exc:
            return conflict(request, exc.message)
        messages.success(request, _("Your edit was saved as a new version."))
        return redirect("submissions:item_detail", pk=submission.pk)
    return render(request, "submissions/copy_edit.html", {"form": form, "item": submission})


@role_required(roles.EVERYONE)
def compare(request: HttpRequest, pk: int) -> HttpResponse:
    """Two versions side by side as a word diff: ``?a=1&b=3``, or ``?since=reviewed`` for what changed
    since the version an editor last reviewed (returned, approved, ...). Each version is named by
    what happened to it, when and by whom; photos are shown by thumbnail and caption."""
    submission = get_submission_for_user(request.user, pk)
    named = {nv.number: nv for nv in selectors.named_versions(submission)}
    if not named:
        raise Http404
    latest = max(named)
    if request.GET.get("since") == "reviewed" and submission.reviewed_version:
        a, b = submission.reviewed_version, latest
    else:
        a = _int(request.GET.get("a"), max(1, latest - 1))
        b = _int(request.GET.get("b"), latest)
    if a not in named or b not in named:
        raise Http404
    old, new = named[a].version, named[b].version
    context = {
        "item": submission,
        "old": named[a],
        "new": named[b],
        "diffs": selectors.compare_versions(old, new),
        "photos": selectors.compare_photos(old, new),
        "versions": [named[n] for n in sorted(named)],
    }
    return render(request, "submissions/compare.html", context)


def _int(raw: str | None, default: int) -> int:
    return int(raw) if raw and raw.isdigit() else default


@role_required(roles.EDITORIAL)
@require_POST
def duplicate_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    """The editor decides a marked item is not a duplicate, with a reason (kept in its history)."""
    submission = get_submission_for_user(request.user, pk)
    form = DismissDuplicateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why this item is not a duplicate."))
        return redirect("submissions:item_detail", pk=submission.pk)
    try:
        services.duplicate_dismiss(submission=submission, by=request.user, reason=form.cleaned_data["reason"])
    except TransitionNotAllowed as exc:
        return conflict(request, exc.message)
    messages.success(request, _("The duplicate mark was cleared."))
    return redirect("submissions:item_detail", pk=submission.pk)


@role_required(roles.EDITORIAL)
def correct_event_date(request: HttpRequest, pk: int) -> HttpResponse:
    """An editor corrects the event date of an item (rule 4); the due time and late flag follow."""
    submission = get_submission_for_user(request.user, pk)
    form = EventDateForm(request.POST or None, initial={"event_date": submission.event_date})
    if request.method == "POST" and form.is_valid():
        try:
            services.submission_correct_event_date(
                submission=submission, by=request.user, event_date=form.cleaned_data["event_date"],
                reason=form.cleaned_data["reason"],
            )  # fmt: skip
        except TransitionNotAllowed as exc:
            return conflict(request, exc.message)
        messages.success(request, _("The event date was corrected."))
        return redirect("submissions:item_detail", pk=submission.pk)
    if request.method == "POST":
        messages.error(request, _("Please correct the errors below; what you typed is kept."))
    return render(request, "submissions/event_date.html", {"form": form, "item": submission})
