from django.urls import path

from emulation import views
from portal.db_router import replica_reads

app_name = "emulation"
urlpatterns = [
    path("", replica_reads(views.dashboard), name="dashboard"),
    path("recompute/", views.recompute, name="recompute"),
    path("export.xlsx", replica_reads(views.export_xlsx), name="export_xlsx"),
    path("print/", replica_reads(views.print_view), name="print"),
    path("my-unit/", views.my_unit, name="my_unit"),
    path("units/<slug:code>/", views.unit_page, name="unit"),
]
