"""Every page of the app renders for the people who may open it (on the demo data)."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from portal.models import User
from submissions.models import Submission

pytestmark = pytest.mark.django_db


def test_every_page_renders_for_its_personas(client):
    call_command("load_demo", verbosity=0)
    by_state = {s.state: s for s in Submission.objects.all()}
    unit_user = User.objects.get(username="ctv.ke-sach")
    pages = {
        "ctv.ke-sach": [
            reverse("submissions:item_list"),
            reverse("submissions:item_create"),
            reverse("submissions:item_edit", args=[by_state["draft"].pk]),
            reverse("submissions:item_edit", args=[by_state["changes_requested"].pk]),
            reverse("submissions:item_detail", args=[by_state["changes_requested"].pk]),
            reverse("submissions:compare", args=[by_state["changes_requested"].pk]),
            reverse("home:home"),
        ],
        "bientap": [
            reverse("submissions:review_queue"),
            reverse("submissions:review_queue") + "?state=all&photo=blurry&kind=news&late=1&q=a&order=newest",
            reverse("submissions:item_detail", args=[by_state["approved"].pk]),
            reverse("submissions:item_detail", args=[by_state["submitted"].pk]),
            reverse("submissions:item_detail", args=[by_state["draft"].pk]),
            reverse("submissions:copy_edit", args=[by_state["approved"].pk]),
            reverse("home:home"),
        ],
        "tuyengiao": [reverse("submissions:review_queue"), reverse("home:home")],
    }
    for username, urls in pages.items():
        client.force_login(User.objects.get(username=username))
        for url in urls:
            assert client.get(url).status_code == 200, (username, url)
    client.logout()
    published = Submission.objects.filter(state="published").first()
    site = f"/{published.committee.code}/"
    for url in ["/", site, f"{site}?kind=article", f"{site}?q=điển hình", f"{site}news/{published.pk}/",
                f"{site}rss/", f"{site}sitemap.xml", "/sitemap.xml", "/sam-son/"]:  # fmt: skip
        assert client.get(url).status_code == 200, url
    assert unit_user.unit.code == "ke-sach"
