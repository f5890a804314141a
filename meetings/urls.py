from django.urls import path
from django.views.decorators.http import require_GET

from meetings import feeds, views

app_name = "meetings"
urlpatterns = [
    path("moten/", views.meeting_list, name="list"),
    path("moten/flode/", require_GET(feeds.MinutesFeed()), name="feed"),
    path("moten/kalender.ics", views.calendar, name="calendar"),
    path("moten/<int:year>/", views.meeting_year, name="year"),
    path("moten/<int:year>/<slug:slug>/", views.meeting_detail, name="detail"),
    path("moten/<int:year>/<slug:slug>/kalender.ics", views.meeting_ics, name="ics"),
    path(
        "grupper/<slug:slug>/moten/flode/", require_GET(feeds.GroupMinutesFeed()), name="group_feed"
    ),
    path("grupper/<slug:slug>/kalender.ics", views.group_calendar, name="group_calendar"),
    path("bilagor/<int:pk>/<str:filename>", views.attachment, name="attachment"),
]
