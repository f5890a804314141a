from django.urls import path

from ideas import views

app_name = "ideas"
urlpatterns = [
    path("ideer/", views.idea_list, name="list"),
    path("ideer/framsteg/", views.progress, name="progress"),
    path("ideer/<slug:slug>/", views.idea_detail, name="detail"),
    path("ideer/<slug:slug>/kommentarer/", views.comment_create, name="comment"),
    path("ideer/<slug:slug>/folj/", views.follow, name="follow"),
    path("kommentarer/<int:pk>/dra-tillbaka/", views.comment_withdraw, name="withdraw"),
    path("kommentarer/<int:pk>/anmal/", views.comment_report, name="report"),
]
