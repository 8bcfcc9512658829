"""The portal's addresses with one more added after the public sites, as another app's would be."""

from django.http import HttpResponse
from django.urls import path

from portal.urls import urlpatterns as portal_patterns

urlpatterns = [*portal_patterns, path("later/", lambda request: HttpResponse("later"))]
