from django.urls import path

from alerts import views

app_name = "alerts"
urlpatterns = [
    path("bevakning/ide/<slug:slug>/", views.idea, name="idea"),
    path("bevakning/grupp/<slug:slug>/", views.group, name="group"),
    path(
        "bevakning/grupp/<slug:slug>/minnesanteckningar/",
        views.group_minutes,
        name="group_minutes",
    ),
    path("bevakning/beslut/", views.decisions, name="decisions"),
    path("bevakning/minnesanteckningar/", views.minutes, name="minutes"),
    path("bevakning/skickat/", views.sent, name="sent"),
    path("bevakning/bekrafta/<str:token>/", views.confirm, name="confirm"),
    path("bevakning/avsluta/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("bevakning/hantera/<str:token>/", views.manage, name="manage"),
]
