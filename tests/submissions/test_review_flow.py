"""The whole path of an item through HTTP, as the issue's "How we will know" tells it."""

import pytest
from django.urls import reverse

from submissions.models import ReviewAction, Submission, SubmissionVersion

from .conftest import BODY, upload

pytestmark = pytest.mark.django_db


def test_an_item_goes_from_draft_to_the_public_site_and_every_step_is_in_its_history(client, alice, editor):
    # The correspondent drafts with a first photo...
    client.force_login(alice)
    response = client.post(
        reverse("submissions:item_create"),
        {"kind": "news", "title": "Hội nghị biểu dương điển hình tiên tiến", "summary": "Tóm tắt", "body": BODY,
         "photo": upload(), "caption": "Quang cảnh hội nghị", "credit": "Nguyễn Văn A"},
    )  # fmt: skip
    item = Submission.objects.get()
    assert response.status_code == 302 and item.state == "draft" and item.photos.count() == 1
    # ... uploads a second photo with htmx, which answers with the photo's report ...
    response = client.post(
        reverse("submissions:photo_upload", args=[item.pk]),
        {"photo": upload(seed=2), "caption": "Trao thưởng", "credit": "CTV"},
        HTTP_HX_REQUEST="true",
    )
    assert "Ảnh đạt yêu cầu" in response.content.decode()
    # ... and submits.
    response = client.post(
        reverse("submissions:item_edit", args=[item.pk]),
        {"kind": "news", "title": item.title, "summary": "Tóm tắt", "body": BODY, "action": "submit"},
    )
    item.refresh_from_db()
    assert response.status_code == 302 and item.state == "submitted"
    first_submitted_at = item.first_submitted_at

    # The editor claims it and requests changes.
    client.force_login(editor)
    assert item.title in client.get(reverse("submissions:review_queue")).content.decode()
    client.post(reverse("submissions:item_action", args=[item.pk, "claim"]))
    client.post(reverse("submissions:item_action", args=[item.pk, "request_changes"]), {"comment": "Bổ sung số liệu."})
    item.refresh_from_db()
    assert item.state == "changes_requested"

    # The correspondent sees the request and resubmits.
    client.force_login(alice)
    assert "Bổ sung số liệu." in client.get(reverse("submissions:item_edit", args=[item.pk])).content.decode()
    client.post(
        reverse("submissions:item_edit", args=[item.pk]),
        {"kind": "news", "title": item.title, "summary": "Tóm tắt", "body": BODY + "<p>Có 120 hộ tham gia.</p>",
         "action": "submit"},
    )  # fmt: skip
    item.refresh_from_db()
    assert item.state == "submitted" and item.first_submitted_at == first_submitted_at

    # The editor sees what changed since the version reviewed, approves and publishes.
    client.force_login(editor)
    client.post(reverse("submissions:item_action", args=[item.pk, "claim"]))
    diff = client.get(reverse("submissions:compare", args=[item.pk]) + "?since=reviewed").content.decode()
    assert "<ins>" in diff and "120" in diff
    client.post(reverse("submissions:item_action", args=[item.pk, "approve"]))
    client.post(reverse("submissions:item_action", args=[item.pk, "publish"]))
    item.refresh_from_db()
    assert item.state == "published" and item.published_at is not None

    # The public page and the RSS feed show it, to anyone.
    client.logout()
    assert item.title in client.get("/soc-trang/").content.decode()
    assert item.title in client.get(reverse("submissions:public_item", args=["soc-trang", item.pk])).content.decode()
    assert item.title in client.get(reverse("submissions:rss", args=["soc-trang"])).content.decode()
    assert f"/soc-trang/news/{item.pk}/" in client.get("/soc-trang/sitemap.xml").content.decode()

    steps = list(ReviewAction.objects.filter(submission=item).values_list("action", "from_state", "to_state"))
    assert steps == [
        ("submit", "draft", "submitted"),
        ("claim", "submitted", "in_review"),
        ("request_changes", "in_review", "changes_requested"),
        ("resubmit", "changes_requested", "submitted"),
        ("claim", "submitted", "in_review"),
        ("approve", "in_review", "approved"),
        ("publish", "approved", "published"),
    ]
    assert SubmissionVersion.objects.filter(submission=item).count() == 2
