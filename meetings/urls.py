from django.urls import path

from meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.home, name="home"),
    path("moten/", views.meeting_list, name="list"),
    path("moten/<int:year>/", views.meeting_year, name="year"),
    path("moten/<int:year>/<slug:slug>/", views.meeting_detail, name="detail"),
    path("bilagor/<int:pk>/<str:filename>", views.attachment, name="attachment"),
]
