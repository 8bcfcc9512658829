from django.urls import path

from schedule import views

app_name = "schedule"
urlpatterns = [
    path("", views.year, name="year"),
    path("<int:year>/", views.year, name="year_of"),
    path("month/<int:pk>/", views.month_detail, name="month_detail"),
    path("month/<int:pk>/register/", views.month_register, name="month_register"),
    path("month/<int:pk>/staff/", views.staff_add, name="staff_add"),
    path("month/<int:pk>/state/", views.month_transition, name="month_transition"),
    path("month/<int:pk>/edit/", views.month_edit, name="month_edit"),
    path("staff/<int:pk>/withdraw/", views.staff_withdraw, name="staff_withdraw"),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/document/", views.plan_document, name="plan_document"),
    path("plans/<int:pk>/files/<int:attachment_pk>/", views.plan_attachment, name="plan_attachment"),
    path("plans/<int:pk>/topics/", views.topic_list, name="topic_list"),
    path("topics/<int:pk>/rename/", views.topic_rename, name="topic_rename"),
    path("topics/<int:pk>/move/", views.topic_move, name="topic_move"),
    path("topics/<int:pk>/retire/", views.topic_retire, name="topic_retire"),
    path("topics/<int:pk>/restore/", views.topic_restore, name="topic_restore"),
    path("feeds/", views.feed_list, name="feeds"),
    path("feeds/<int:pk>/revoke/", views.feed_revoke, name="feed_revoke"),
    path("feeds/<int:pk>/regenerate/", views.feed_regenerate, name="feed_regenerate"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
]
