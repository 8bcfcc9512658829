from django.contrib.sitemaps.views import sitemap
from django.urls import path

from submissions import public_views, review_views, views
from submissions.feeds import LatestItemsFeed
from submissions.sitemaps import SITEMAPS

app_name = "submissions"
urlpatterns = [
    # The public news site.
    path("", public_views.public_index, name="public_index"),
    path("news/<int:pk>/", public_views.public_item, name="public_item"),
    path("news/photos/<int:photo_pk>/<str:size>.jpg", public_views.public_photo, name="public_photo"),
    path("rss/", LatestItemsFeed(), name="rss"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    # The units' items.
    path("items/", views.item_list, name="item_list"),
    path("items/new/", views.item_create, name="item_create"),
    path("items/<int:pk>/", views.item_detail, name="item_detail"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/photos/", views.photo_upload, name="photo_upload"),
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
    path("items/<int:pk>/not-a-duplicate/", review_views.duplicate_dismiss, name="duplicate_dismiss"),
    path("photos/<int:photo_pk>/<str:size>/", views.photo_file, name="photo_file"),
    # The editorial board.
    path("review/", review_views.review_queue, name="review_queue"),
    path("review/bulk/", review_views.review_bulk, name="review_bulk"),
]
