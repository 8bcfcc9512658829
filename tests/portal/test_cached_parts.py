"""Signed-in pages served from cached parts (portal.writes, portal.fragments, portal.auth, the navigation
bar): every write through Django gives its table a new version, whatever the way it is written, and the
next page shows it; what differs per request (the CSRF token, the page's own address) is put in on each
request; a changed user (password, role, deactivation) is loaded afresh."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from portal import versions, writes
from portal.models import User
from submissions import services
from submissions.models import Submission
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def version(table: str) -> str | None:
    return cache.get(versions.PREFIX + writes.name(table))


def test_every_kind_of_write_gives_its_table_a_new_version(unit, alice):
    seen = [version("submissions_submission")]
    item = services.submission_create(by=alice, kind="news", title="Tin thử", body="<p>Nội dung</p>")  # save()
    seen.append(version("submissions_submission"))
    Submission.objects.filter(pk=item.pk).update(title="Tin đã sửa")  # QuerySet.update: no signal
    seen.append(version("submissions_submission"))
    with connection.cursor() as cursor:  # raw SQL
        cursor.execute("UPDATE submissions_submission SET summary = %s WHERE id = %s", ["x", item.pk])
    seen.append(version("submissions_submission"))
    Submission.objects.filter(pk=item.pk).delete()
    seen.append(version("submissions_submission"))
    assert None not in seen[1:] and len(set(seen)) == len(seen)
    before = version("portal_unit")
    Submission.objects.count()  # a read changes nothing
    assert version("portal_unit") == before


def test_sessions_are_not_a_write_anyone_caches(alice):
    client = Client()
    client.login(username=alice.username, password=PASSWORD)
    assert version("django_session") is None
    assert version("portal_auditentry") is None  # the sign-in's audit line


@pytest.mark.django_db(transaction=True)
def test_a_commit_bumps_again_and_a_rollback_does_not_silence_the_next_transaction(committee):
    from portal.models import Unit

    with transaction.atomic():
        Unit.objects.filter(pk=committee.pk).update(short_name="A")
        during = version("portal_unit")
        assert during is not None
    assert version("portal_unit") != during  # again at the commit
    try:
        with transaction.atomic():
            Unit.objects.filter(pk=committee.pk).update(short_name="B")
            raise RuntimeError
    except RuntimeError:
        pass
    after_rollback = version("portal_unit")
    with transaction.atomic():
        Unit.objects.filter(pk=committee.pk).update(short_name="C")
        inside = version("portal_unit")
    assert inside != after_rollback and version("portal_unit") != inside


def test_a_correspondents_home_shows_an_editors_request_at_once(alice, editor):
    item = services.submission_create(by=alice, kind="news", title="Tin cần sửa", body="<p>Nội dung đủ dài.</p>")
    correspondent = Client()
    correspondent.force_login(alice)

    def listed_under(home: str) -> str:
        changes, drafts = home.split("Cần chỉnh sửa", 1)[1].split("Bản nháp", 1)
        return "changes" if "Tin cần sửa" in changes else "drafts" if "Tin cần sửa" in drafts else ""

    home = correspondent.get(reverse("home:home")).content.decode()
    assert listed_under(home) == "drafts"
    assert listed_under(correspondent.get(reverse("home:home")).content.decode()) == "drafts"  # from the cache
    Submission.objects.filter(pk=item.pk).update(state=Submission.State.CHANGES_REQUESTED)  # no signal
    assert listed_under(correspondent.get(reverse("home:home")).content.decode()) == "changes"


def test_the_queue_shows_a_new_item_at_once_and_its_form_carries_this_requests_token(alice, editor):
    reviewer = Client(enforce_csrf_checks=True)
    reviewer.force_login(editor)
    assert "Tin mới gửi" not in reviewer.get(reverse("submissions:review_queue") + "?order=newest").content.decode()
    item = services.submission_create(by=alice, kind="news", title="Tin mới gửi", body="<p>Nội dung.</p>")
    Submission.objects.filter(pk=item.pk).update(state=Submission.State.SUBMITTED)
    page = reviewer.get(reverse("submissions:review_queue") + "?order=newest").content.decode()
    assert "Tin mới gửi" in page and "@@portal" not in page
    token = re.search(r'id="bulk-form">\s*<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)"', page)
    back = re.search(r'name="back" value="([^"]+)"', page)
    assert back.group(1) == "/review/?order=newest"
    # A second editor's copy of the same cached list carries their own token, and the form is accepted.
    other = Client(enforce_csrf_checks=True)
    other.force_login(editor)
    other_page = other.get(reverse("submissions:review_queue") + "?order=newest").content.decode()
    assert token.group(1) not in other_page
    response = reviewer.post(
        reverse("submissions:review_bulk"),
        {"csrfmiddlewaretoken": token.group(1), "action": "approve", "items": [item.pk], "back": back.group(1)},
    )
    assert response.status_code == 302
    assert "Tin mới gửi" in reviewer.get(response["Location"]).content.decode()


def test_the_navigation_bar_marks_the_page_and_returns_to_it_after_a_language_change(editor):
    client = Client()
    client.force_login(editor)
    queue = client.get(reverse("submissions:review_queue") + "?state=all").content.decode()
    assert re.search(r'class="nav-link active" href="/review/" aria-current="page"', queue)
    assert '<input type="hidden" name="next" value="/review/?state=all">' in queue
    home = client.get(reverse("home:home")).content.decode()
    assert re.search(r'class="nav-link active" href="/home/"', home) and 'href="/review/" aria-current' not in home


def test_a_deactivated_user_is_signed_out_at_the_next_request(alice):
    client = Client()
    client.force_login(alice)
    assert client.get(reverse("home:home")).status_code == 200
    User.objects.filter(pk=alice.pk).update(is_active=False)  # no signal: the table's version tells
    response = client.get(reverse("home:home"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_a_new_role_shows_in_the_menu_at_once(alice):
    client = Client()
    client.force_login(alice)
    assert 'href="/review/"' not in client.get(reverse("home:home")).content.decode()
    User.objects.filter(pk=alice.pk).update(role="editor", unit=None)
    assert 'href="/review/"' in client.get(reverse("home:home")).content.decode()


def test_a_password_changed_elsewhere_signs_out_the_other_sessions(alice):
    client = Client()
    assert client.login(username=alice.username, password=PASSWORD)
    assert client.get(reverse("home:home")).status_code == 200
    alice.set_password("another-Strong-passw0rd")
    alice.save()
    assert client.get(reverse("home:home")).status_code == 302


def test_a_units_list_of_items_is_its_own_and_follows_every_write(alice, charlie):
    """ "Our items" is a cached page (``fragments.cached_page``): kept per person and address."""
    mine = services.submission_create(by=alice, kind="news", title="Tin của Kế Sách", body="<p>Nội dung.</p>")
    services.submission_create(by=charlie, kind="news", title="Tin của Mỹ Tú", body="<p>Nội dung.</p>")
    a, c = Client(), Client()
    a.force_login(alice)
    c.force_login(charlie)
    url = reverse("submissions:item_list")
    for _ in range(2):  # made, then from the cache
        alices, charlies = a.get(url).content.decode(), c.get(url).content.decode()
        assert "Tin của Kế Sách" in alices and "Tin của Mỹ Tú" not in alices
        assert "Tin của Mỹ Tú" in charlies and "Tin của Kế Sách" not in charlies
    assert "Tin của Kế Sách" not in a.get(url + "?state=submitted").content.decode()  # another address
    Submission.objects.filter(pk=mine.pk).update(title="Tin đã đổi tên")
    assert "Tin đã đổi tên" in a.get(url).content.decode()


def test_the_schedule_year_shows_a_new_topic_at_once(client):
    from home.demo_data import load_demo
    from schedule.models import ColumnMonth

    load_demo()
    client.force_login(User.objects.get(username="ctv.ke-sach"))
    url = reverse("schedule:year_of", args=[2023])
    month = ColumnMonth.objects.get(plan__committee__code="soc-trang", plan__year=2023, month=3)
    assert month.topic in client.get(url).content.decode()
    assert month.topic in client.get(url).content.decode()  # from the cache
    ColumnMonth.objects.filter(pk=month.pk).update(topic="Chủ đề vừa đổi")
    page = client.get(url).content.decode()
    assert "Chủ đề vừa đổi" in page and month.topic not in page


def _request(user, path="/page/?a=1"):
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import RequestFactory

    request = RequestFactory().get(path)
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def test_a_whole_page_is_kept_per_scope_filled_per_request_and_made_afresh_when_messages_wait(alice, charlie):
    from django.contrib import messages
    from django.http import HttpResponse
    from django.template import engines

    from portal.fragments import cached_page

    calls = []
    page = engines["django"].from_string(
        '<form method="post">{% csrf_token %}<input name="next" value="{{ back_path }}"></form>{{ who }}'
    )

    @cached_page(lambda request: request.user.pk)
    def view(request):
        calls.append(request.user.username)
        return HttpResponse(page.render({"who": request.user.username}, request))

    first = view(_request(alice)).content.decode()
    second = view(_request(alice)).content.decode()
    assert calls == ["alice"] and "alice" in second and "@@portal" not in second
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', first).group(1)
    assert token not in second  # each request its own masked token
    assert 'value="/page/?a=1"' in second
    assert "charlie" in view(_request(charlie)).content.decode() and calls == ["alice", "charlie"]
    view(_request(alice, "/page/?a=2"))
    assert calls[-1] == "alice" and len(calls) == 3  # another address, another page
    waiting = _request(alice)
    messages.info(waiting, "Đã lưu.")
    view(waiting)
    assert len(calls) == 4  # made afresh so that the message is shown (and not kept)
    User.objects.filter(pk=alice.pk).update(first_name="Alice")  # a write
    view(_request(alice))
    assert len(calls) == 5


def test_the_ward_overview_shows_a_new_activity_at_once(client):
    """The reports overview is a whole cached page (``fragments.cached_page``)."""
    from home.demo_data import load_demo
    from reports.models import Activity

    load_demo()
    lead = User.objects.filter(username__startswith="btt.", username__endswith="-sam-son").first()
    client.force_login(lead)
    before = client.get(reverse("reports:overview")).content.decode()
    assert client.get(reverse("reports:overview")).content.decode().count("<") == before.count("<")
    assert "Hoạt động vừa sửa" not in before
    Activity.objects.filter(unit=lead.unit).update(summary="Hoạt động vừa sửa")
    assert "Hoạt động vừa sửa" in client.get(reverse("reports:overview")).content.decode()
