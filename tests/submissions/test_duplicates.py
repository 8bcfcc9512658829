"""The duplicate check through the public surface: marked on submission, told at upload, shown
side by side to the editor, decided by the editor and counted on the department's dashboard."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from submissions import services
from submissions.models import DuplicateMatch, PhotoHash, ReviewAction, Submission, TextSignature

from .conftest import jpeg_bytes, make_approved, upload
from .duplicate_texts import OTHER_TEXT, OTHER_TITLE, SENTENCES, TEXT, TITLE, rewrite

pytestmark = pytest.mark.django_db


def _submit_now(item, author) -> Submission:
    """Submit, then run what waits for the commit (the duplicate check) as the worker would."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.submission_submit(submission=item, by=author)
    return Submission.objects.get(pk=item.pk)


def _body(text: str) -> str:
    return f"<p>{text}</p>"


def _published(author, editor, *, title=TITLE, text=TEXT, photo_seed=11, when=None) -> Submission:
    item = services.submission_create(by=author, kind="news", title=title, body=_body(text))
    services.photo_add(submission=item, by=author, upload=upload(seed=photo_seed), caption="Quang cảnh", credit="CTV")
    item = _submit_now(item, author)
    services.submission_transition(submission=item, by=editor, action="claim")
    services.submission_transition(submission=item, by=editor, action="approve")
    item = services.submission_transition(submission=item, by=editor, action="publish")
    if when is not None:
        Submission.objects.filter(pk=item.pk).update(first_submitted_at=when, published_at=when)
    return item


def _submit(author, *, title, text, photo_seed=21) -> Submission:
    item = services.submission_create(by=author, kind="news", title=title, body=_body(text))
    services.photo_add(submission=item, by=author, upload=upload(seed=photo_seed), caption="Ảnh", credit="CTV")
    return _submit_now(item, author)


def _resized_copy(seed: int) -> SimpleUploadedFile:
    im = Image.open(io.BytesIO(jpeg_bytes(seed=seed))).resize((1200, 900))
    buffer = io.BytesIO()
    im.save(buffer, "JPEG", quality=70)
    return SimpleUploadedFile("anh-moi.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_a_rewritten_copy_of_another_units_published_item_is_marked_on_submission(client, charlie, alice, editor):
    earlier = _published(charlie, editor)
    copy = _submit(alice, title="Xã An Mỹ sôi nổi ngày hội đoàn kết", text=rewrite(SENTENCES, tones=True))
    assert copy.duplicate_status == "suspected"
    match = DuplicateMatch.objects.get(submission=copy, kind="text")
    assert match.earlier == earlier and match.score >= 0.5

    client.force_login(editor)
    queue = client.get(reverse("submissions:review_queue"), {"duplicate": "1"}).content.decode()
    assert f'data-item="{copy.pk}"' in queue and "duplicate-mark" in queue
    page = client.get(reverse("submissions:item_detail", args=[copy.pk])).content.decode()
    assert f'class="duplicate-text mb-3" data-earlier="{earlier.pk}"' in page
    assert "<mark>" in page and earlier.unit.name in page


def test_two_different_reports_of_the_same_campaign_are_not_marked(client, charlie, alice, editor):
    _published(charlie, editor)
    other = _submit(alice, title=OTHER_TITLE, text=OTHER_TEXT)
    assert other.duplicate_status == ""
    assert not DuplicateMatch.objects.filter(submission=other).exists()
    client.force_login(editor)
    queue = client.get(reverse("submissions:review_queue"), {"duplicate": "1"}).content.decode()
    assert f'data-item="{other.pk}"' not in queue


def test_a_resaved_resized_photo_from_last_year_is_recognised_on_upload(client, charlie, alice, editor):
    last_year = timezone.now() - datetime.timedelta(days=380)
    earlier = _published(charlie, editor, photo_seed=31, when=last_year)
    draft = services.submission_create(by=alice, kind="news", title=OTHER_TITLE, body=_body(OTHER_TEXT))
    client.force_login(alice)
    response = client.post(
        reverse("submissions:photo_upload", args=[draft.pk]),
        {"photo": _resized_copy(31), "caption": "Ảnh hội nghị", "credit": "CTV"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "photo-reused" in html
    assert (
        earlier.title in html
        and earlier.unit.name in html
        and timezone.localtime(last_year).strftime("%d/%m/%Y") in html
    )

    # A photo of its own is not flagged.
    response = client.post(
        reverse("submissions:photo_upload", args=[draft.pk]),
        {"photo": upload(seed=32), "caption": "Ảnh khác", "credit": "CTV"},
        headers={"HX-Request": "true"},
    )
    assert "photo-reused" not in response.content.decode()


def test_a_submitted_item_with_a_reused_photo_is_marked_and_shown_side_by_side(client, charlie, alice, editor):
    earlier = _published(charlie, editor, photo_seed=41)
    item = services.submission_create(by=alice, kind="news", title=OTHER_TITLE, body=_body(OTHER_TEXT))
    services.photo_add(submission=item, by=alice, upload=_resized_copy(41), caption="Ảnh", credit="CTV")
    item = _submit_now(item, alice)
    assert item.duplicate_status == "suspected"
    match = DuplicateMatch.objects.get(submission=item, kind="photo")
    assert match.earlier == earlier
    client.force_login(editor)
    page = client.get(reverse("submissions:item_detail", args=[item.pk])).content.decode()
    assert f'class="duplicate-photo mb-3" data-earlier="{earlier.pk}"' in page


def test_not_a_duplicate_clears_the_mark_with_the_reason_in_the_history(client, charlie, alice, editor):
    _published(charlie, editor)
    copy = _submit(alice, title=TITLE, text=rewrite(SENTENCES))
    client.force_login(editor)
    url = reverse("submissions:duplicate_dismiss", args=[copy.pk])
    client.post(url, {"reason": ""})
    copy.refresh_from_db()
    assert copy.duplicate_status == "suspected"  # no reason, no decision

    client.post(url, {"reason": "Hai đơn vị cùng dự một buổi lễ; mỗi bên viết tin của mình."})
    copy.refresh_from_db()
    assert copy.duplicate_status == "cleared"
    step = ReviewAction.objects.get(submission=copy, action="dismiss_duplicate")
    assert step.actor == editor and "cùng dự một buổi lễ" in step.comment
    queue = client.get(reverse("submissions:review_queue"), {"duplicate": "1"}).content.decode()
    assert f'data-item="{copy.pk}"' not in queue
    # Submitted again, the item keeps the editor's decision.
    services.check_submission(submission_id=copy.pk)
    copy.refresh_from_db()
    assert copy.duplicate_status == "cleared"


def test_returning_as_a_duplicate_is_recorded_and_needs_a_comment(client, charlie, alice, editor):
    _published(charlie, editor)
    copy = _submit(alice, title=TITLE, text=rewrite(SENTENCES))
    client.force_login(editor)
    url = reverse("submissions:item_action", args=[copy.pk, "return_duplicate"])
    client.post(url, {"comment": ""})
    copy.refresh_from_db()
    assert copy.state == "submitted"  # no comment, no step
    client.post(url, {"comment": "Tin này trùng với tin của huyện Mỹ Tú."})
    copy.refresh_from_db()
    assert copy.state == "changes_requested" and copy.duplicate_status == "confirmed"
    step = ReviewAction.objects.get(submission=copy, action="return_duplicate")
    assert step.comment.startswith("Tin này trùng")
    history = client.get(reverse("submissions:item_detail", args=[copy.pk])).content.decode()
    assert "trả lại vì trùng lặp" in history


def test_the_as_a_duplicate_actions_are_offered_only_on_a_marked_item(client, alice, editor):
    item = _submit(alice, title=OTHER_TITLE, text=OTHER_TEXT)
    client.force_login(editor)
    url = reverse("submissions:item_action", args=[item.pk, "reject_duplicate"])
    assert client.post(url, {"comment": "Trùng"}).status_code == 409
    page = client.get(reverse("submissions:item_detail", args=[item.pk])).content.decode()
    assert 'data-action="reject_duplicate"' not in page


def test_the_unit_does_not_see_the_other_units_text_side_by_side(client, charlie, alice, editor):
    _published(charlie, editor)
    copy = _submit(alice, title=TITLE, text=rewrite(SENTENCES))
    client.force_login(alice)
    page = client.get(reverse("submissions:item_detail", args=[copy.pk])).content.decode()
    assert 'id="duplicates"' not in page


def test_the_backfill_command_indexes_the_archive_once(alice, editor):
    item = make_approved(alice, editor)
    TextSignature.objects.all().delete()
    PhotoHash.objects.all().delete()
    call_command("index_duplicates", stdout=io.StringIO())
    assert TextSignature.objects.filter(submission=item).exists()
    assert PhotoHash.objects.filter(photo__submission=item, variant=0).count() == 1
    out = io.StringIO()
    call_command("index_duplicates", stdout=out)
    assert "Indexed 0 item texts and 0 photos" in out.getvalue()
