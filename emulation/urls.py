from django.urls import path

from emulation import views

app_name = "emulation"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("recompute/", views.recompute, name="recompute"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("print/", views.print_view, name="print"),
    path("my-unit/", views.my_unit, name="my_unit"),
    path("units/<slug:code>/", views.unit_page, name="unit"),
]
