from django.urls import path
from django.views.decorators.http import require_GET

from ideas import feeds, views

app_name = "ideas"
urlpatterns = [
    path("ideer/", views.idea_list, name="list"),
    path("ideer/framsteg/", views.progress, name="progress"),
    path("ideer/flode/", require_GET(feeds.StatusChangeFeed()), name="feed"),
    path("ideer/<slug:slug>/", views.idea_detail, name="detail"),
    path("ideer/<slug:slug>/flode/", require_GET(feeds.IdeaStatusChangeFeed()), name="idea_feed"),
    path(
        "grupper/<slug:slug>/ideer/flode/",
        require_GET(feeds.GroupStatusChangeFeed()),
        name="group_feed",
    ),
    path("ideer/<slug:slug>/kommentarer/", views.comment_create, name="comment"),
    path("ideer/<slug:slug>/folj/", views.follow, name="follow"),
    path("kommentarer/<int:pk>/", views.comment_link, name="comment_link"),
    path("kommentarer/<int:pk>/dra-tillbaka/", views.comment_withdraw, name="withdraw"),
    path("kommentarer/<int:pk>/anmal/", views.comment_report, name="report"),
]
