import pytest
from django.core.management import call_command

from submissions.models import Submission

pytestmark = pytest.mark.django_db


def test_the_demo_has_items_in_every_step_of_the_workflow_and_loads_once(client, demo):
    call_command("load_demo", verbosity=0)  # a second run adds nothing
    # The items of the current workflow (the 2023 archive is all published and counted elsewhere).
    states = sorted(Submission.objects.exclude(quota_month__year=2023).values_list("state", flat=True))
    assert states == ["approved", "changes_requested", "draft", "published", "published", "published", "submitted"]
    html = client.get("/soc-trang/").content.decode()
    assert "Kế Sách biểu dương 50 điển hình tiên tiến" in html
    draft = Submission.objects.get(state="draft")
    assert draft.photos.get().verdict == "fail"


def test_the_demos_items_follow_rule_4_for_news_and_articles_alike(demo):
    sent = Submission.objects.filter(first_submitted_at__isnull=False)
    assert sent.filter(kind="article").exists()
    for item in sent:
        if item.event_date is None:
            assert item.due_at is None and not item.is_late, item
        else:
            assert item.due_at is not None and item.is_late == (item.first_submitted_at >= item.due_at), item
