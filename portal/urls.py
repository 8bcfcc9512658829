from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from portal import views

admin.site.site_header = _("Fatherland Front news portal: administration")
admin.site.site_title = _("Administration")
admin.site.index_title = _("Administration")

portal_patterns = (
    [
        path("invite/", views.invite, name="invite"),
        path("preferences/", views.preferences, name="preferences"),
        path("notifications/", views.notification_list, name="notifications"),
    ],
    "portal",
)

unit_patterns = (
    [
        path("", views.unit_list, name="unit_list"),
        path("<slug:code>/", views.unit_detail, name="unit_detail"),
    ],
    "units",
)

# 403, 404 and 500 are Django's own views with the templates in templates/ (the 500 page needs
# neither the database nor the request); 400 also answers a form that was too large to take.
handler400 = "portal.views.bad_request"

urlpatterns = [
    path("accounts/", include(portal_patterns)),
    path("units/", include(unit_patterns)),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("home/", include("home.urls")),
    path("schedule/", include("schedule.urls")),
    path("emulation/", include("emulation.urls")),
    path("reports/", include("reports.urls")),
    path("", include("submissions.urls")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
