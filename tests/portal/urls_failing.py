"""The portal's addresses plus one that fails, for the 500 page's test."""

from django.urls import path

from portal.urls import urlpatterns as portal_urlpatterns


def boom(request):
    raise RuntimeError("a bug")


urlpatterns = [path("boom/", boom), *portal_urlpatterns]
