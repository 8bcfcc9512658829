"""Each committee is its own world on the signed-in side too: on the demo installation, the staff and
the ward standing boards of Sầm Sơn open none of Sóc Trăng's items, photos, plans, column months,
units or tallies (404) and find none of them in their lists, queues, dashboards and exports."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from portal.models import Unit, User
from schedule.models import ColumnMonth, Plan
from submissions.models import Photo, Submission

pytestmark = pytest.mark.django_db

# Words that appear on a page only when it shows something of Sóc Trăng.
SOC_TRANG_WORDS = ("Sóc Trăng", "Kế Sách", "Mỹ Xuyên", "ke-sach", "soc-trang")
SAM_SON_USERS = ("bientap.sam-son", "tuyengiao.sam-son", "btt.quang-cu-sam-son")


@pytest.fixture
def demo(db) -> dict:
    call_command("load_demo", quiet_logins=True)
    soc_trang = Unit.objects.get(code="soc-trang")
    return {
        "items": list(Submission.objects.filter(committee=soc_trang).exclude(quota_month__year=2023)),
        "published": Submission.objects.filter(committee=soc_trang, state="published").first(),
        "photo": Photo.objects.filter(submission__committee=soc_trang).first(),
        "plan": Plan.objects.filter(committee=soc_trang, year=2023).get(),
        "month": ColumnMonth.objects.get(plan__committee=soc_trang, plan__year=2023, month=3),
    }


MISSING = 999_999


def assert_as_if_missing(client, url: str, missing_url: str, where, *, post: bool = False) -> None:
    """The other committee's object answers exactly as an object that does not exist: 404, or the
    403 that the user's role gets on that page for any object."""
    call = client.post if post else client.get
    data = {"comment": "x", "action": "agree"} if post else None
    status, missing = call(url, data).status_code, call(missing_url, data).status_code
    assert status == missing and status in (403, 404), (where, status, missing)


def assert_nothing_of_soc_trang(html: str, where: str) -> None:
    for word in SOC_TRANG_WORDS:
        assert word not in html, (where, word)


def test_sam_son_staff_open_none_of_soc_trangs_items_and_photos(client, demo):
    for username in SAM_SON_USERS:
        client.force_login(User.objects.get(username=username))
        for item in demo["items"]:
            assert client.get(reverse("submissions:item_detail", args=[item.pk])).status_code == 404, username
            for name in ("item_edit", "copy_edit", "compare", "photo_upload"):
                url, missing = (reverse(f"submissions:{name}", args=[pk]) for pk in (item.pk, MISSING))
                assert_as_if_missing(client, url, missing, (username, name), post=name == "photo_upload")
            for action in ("claim", "approve", "publish", "request_changes", "reject"):
                url, missing = (reverse("submissions:item_action", args=[pk, action]) for pk in (item.pk, MISSING))
                assert_as_if_missing(client, url, missing, (username, action), post=True)
        photo = demo["photo"]
        for size in ("original", "thumb"):
            url = reverse("submissions:photo_file", args=[photo.pk, size])
            assert client.get(url).status_code == 404, (username, size)
    # Nothing moved: the refused actions changed no item.
    after = {i.pk: (i.state, i.held_by_id) for i in Submission.objects.filter(pk__in=[i.pk for i in demo["items"]])}
    assert after == {i.pk: (i.state, i.held_by_id) for i in demo["items"]}


def test_sam_son_staff_see_none_of_soc_trangs_items_in_their_queue_lists_and_home(client, demo):
    titles = [item.title for item in demo["items"] if item.title]
    for username in SAM_SON_USERS:
        client.force_login(User.objects.get(username=username))
        for url in (
            reverse("home:home"),
            reverse("submissions:review_queue") + "?state=all",
            reverse("submissions:item_list"),
            reverse("portal:notifications"),
        ):
            response = client.get(url)
            if response.status_code == 403:  # a queue is not every role's page
                continue
            html = response.content.decode()
            assert response.status_code == 200, (username, url)
            assert_nothing_of_soc_trang(html, (username, url))
            assert not any(title in html for title in titles), (username, url)


def test_sam_son_staff_open_none_of_soc_trangs_plans_column_months_and_units(client, demo):
    plan, month = demo["plan"], demo["month"]
    for username in SAM_SON_USERS:
        client.force_login(User.objects.get(username=username))
        assert client.get(reverse("schedule:plan_detail", args=[plan.pk])).status_code == 404, username
        assert client.get(reverse("schedule:month_detail", args=[month.pk])).status_code == 404, username
        for name in ("plan_edit", "plan_document"):
            url, missing = (reverse(f"schedule:{name}", args=[pk]) for pk in (plan.pk, MISSING))
            assert_as_if_missing(client, url, missing, (username, name))
        assert_as_if_missing(
            client, *(reverse("schedule:month_edit", args=[pk]) for pk in (month.pk, MISSING)), username
        )
        for name in ("month_register", "staff_add", "month_transition"):
            url, missing = (reverse(f"schedule:{name}", args=[pk]) for pk in (month.pk, MISSING))
            assert_as_if_missing(client, url, missing, (username, name), post=True)
        assert client.get(reverse("units:unit_detail", args=["ke-sach"])).status_code == 404, username
        assert client.get(reverse("emulation:unit", args=["ke-sach"])).status_code == 404, username
    month.refresh_from_db()
    assert month.state == ColumnMonth.State.SUGGESTED


def test_sam_son_staff_see_none_of_soc_trang_in_plans_schedule_units_and_dashboards(client, demo):
    for username in ("tuyengiao.sam-son", "bientap.sam-son"):
        client.force_login(User.objects.get(username=username))
        for url in (
            reverse("schedule:plan_list"),
            reverse("schedule:year_of", args=[2023]),
            reverse("schedule:year"),
            reverse("units:unit_list"),
            reverse("emulation:dashboard") + "?year=2023",
            reverse("emulation:dashboard"),
            reverse("emulation:print") + "?year=2023",
        ):
            response = client.get(url)
            if response.status_code == 403 and username == "bientap.sam-son":  # the department's pages
                continue
            assert response.status_code == 200, (username, url)
            assert_nothing_of_soc_trang(response.content.decode(), (username, url))
        export = client.get(reverse("emulation:export_xlsx") + "?year=2023")
        if export.status_code == 200 and export["Content-Type"].startswith("application/vnd"):
            book = load_workbook(io.BytesIO(export.content), read_only=True)
            cells = " ".join(str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row)
            assert_nothing_of_soc_trang(cells, (username, "export"))
        else:
            assert export.status_code in (302, 404), (username, export.status_code)
    # The city's own pages do show the city's units: the check above is not vacuous.
    client.force_login(User.objects.get(username="tuyengiao.sam-son"))
    assert "Quảng Cư" in client.get(reverse("units:unit_list")).content.decode()


def test_soc_trang_staff_see_none_of_sam_sons_wards(client, demo):
    client.force_login(User.objects.get(username="tuyengiao"))
    html = client.get(reverse("units:unit_list")).content.decode()
    assert "Kế Sách" in html and "Quảng Cư" not in html and "Sầm Sơn" not in html
    assert client.get(reverse("units:unit_detail", args=["quang-cu-sam-son"])).status_code == 404
    sam_son_plan = Plan.objects.committee_own().get(committee__code="sam-son", year=2023)
    assert client.get(reverse("schedule:plan_detail", args=[sam_son_plan.pk])).status_code == 404
    assert "Trịnh Quang Huy" not in client.get(reverse("schedule:plan_list")).content.decode()
