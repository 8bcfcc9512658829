from django.urls import path

from portal.db_router import replica_reads
from reports import views

app_name = "reports"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("activities/", views.activity_list, name="activity_list"),
    path("activities/new/<slug:code>/", views.activity_new, name="activity_new"),
    path("activities/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/photos/", views.activity_photo, name="activity_photo"),
    path("photos/<int:pk>/", views.photo_file, name="photo_file"),
    path("our-plan/", views.our_plan, name="our_plan"),
    path("plan-files/<int:pk>/", views.attachment_file, name="attachment_file"),
    path("ward-plans/", views.ward_plans, name="ward_plans"),
    path("reports/", views.report_list, name="report_list"),
    path("reports/open/<str:key>/", views.report_open, name="report_open"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/do/<slug:action>/", views.report_action, name="report_action"),
    path("inbox/", views.inbox, name="inbox"),
    path("settings/", views.settings_view, name="settings"),
    path("forms/new/", views.form_edit, name="form_new"),
    path("forms/<int:pk>/", views.form_edit, name="form_edit"),
    path("compilation/", replica_reads(views.compilation), name="compilation"),
    path("compilation.xlsx", replica_reads(views.compilation_xlsx), name="compilation_xlsx"),
    path("compilation.docx", replica_reads(views.compilation_docx), name="compilation_docx"),
]
