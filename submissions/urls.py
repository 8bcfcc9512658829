from django.urls import include, path, register_converter

from portal.db_router import replica_reads
from portal.models import Unit
from submissions import public_views, review_views, search_views, selectors, views
from submissions.feeds import CommitteeItemsFeed
from submissions.public_cache import cached_public_page


class CommitteeConverter:
    """A committee's code in a public address, resolved to the committee.

    A code that is no committee's does not match, so the public sites' ``<code>/`` patterns never
    hide the addresses of other apps included after them (``/reports/`` and the like).
    """

    regex = "[-a-zA-Z0-9_]+"

    def to_python(self, value: str) -> Unit:
        committee = selectors.public_committee(value)
        if committee is None:
            raise ValueError(value)
        return committee

    def to_url(self, value: Unit | str) -> str:
        return value.code if isinstance(value, Unit) else str(value)


register_converter(CommitteeConverter, "committee")

# One committee's public news site: its pages are cached for anonymous readers (submissions/public_cache.py)
# and, on a miss, read from the replica when there is one (portal.db_router).
committee_site_patterns = [
    path("", cached_public_page(replica_reads(public_views.public_index)), name="public_index"),
    path("news/<int:pk>/", cached_public_page(replica_reads(public_views.public_item)), name="public_item"),
    path("rss/", cached_public_page(replica_reads(CommitteeItemsFeed())), name="rss"),
    path("sitemap.xml", cached_public_page(replica_reads(public_views.committee_sitemap)), name="sitemap"),
    path("units/", replica_reads(search_views.public_unit_search), name="public_unit_search"),
]

app_name = "submissions"
urlpatterns = [
    # The public news sites: the committees at the root, each committee's site at its code.
    path("", cached_public_page(replica_reads(public_views.public_root)), name="public_root"),
    path("sitemap.xml", cached_public_page(replica_reads(public_views.sitemap_index)), name="sitemap_index"),
    path("robots.txt", public_views.robots_txt, name="robots_txt"),
    path("news/<int:pk>/", public_views.public_item_moved, name="public_item_moved"),
    path("news/photos/<int:photo_pk>/<str:size>.jpg", replica_reads(public_views.public_photo), name="public_photo"),
    # The units' items.
    path("items/", views.item_list, name="item_list"),
    path("items/new/", views.item_create, name="item_create"),
    path("items/<int:pk>/", views.item_detail, name="item_detail"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/new/photos/", views.photo_upload_new, name="photo_upload_new"),
    path("items/<int:pk>/photos/", views.photo_upload, name="photo_upload"),
    path("items/<int:pk>/photos/<int:photo_pk>/verdict/", views.photo_verdict, name="photo_verdict"),
    path("items/<int:pk>/photos/<int:photo_pk>/remove/", views.photo_remove, name="photo_remove"),
    path(
        "items/<int:pk>/photos/<int:photo_pk>/request-acceptance/",
        views.photo_request_acceptance,
        name="photo_request_acceptance",
    ),
    path("items/<int:pk>/photos/<int:photo_pk>/accept/", views.photo_accept, name="photo_accept"),
    path("items/<int:pk>/do/<slug:action>/", views.item_action, name="item_action"),
    path("items/<int:pk>/copy-edit/", review_views.copy_edit, name="copy_edit"),
    path("items/<int:pk>/compare/", review_views.compare, name="compare"),
    path("items/<int:pk>/event-date/", review_views.correct_event_date, name="correct_event_date"),
    path("items/<int:pk>/not-a-duplicate/", review_views.duplicate_dismiss, name="duplicate_dismiss"),
    path("photos/<int:photo_pk>/<str:size>/", views.photo_file, name="photo_file"),
    # The editorial board.
    path("review/", review_views.review_queue, name="review_queue"),
    path("review/bulk/", review_views.review_bulk, name="review_bulk"),
    # Last: a committee's code is the first segment of its site's addresses.
    path("<committee:committee>/", include(committee_site_patterns)),
]
