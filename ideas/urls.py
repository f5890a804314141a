from django.urls import path

from ideas import views

app_name = "ideas"
urlpatterns = [
    path("ideer/", views.idea_list, name="list"),
    path("ideer/framsteg/", views.progress, name="progress"),
    path("ideer/<slug:slug>/", views.idea_detail, name="detail"),
]
