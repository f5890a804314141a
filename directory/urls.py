from django.urls import path

from directory import views

app_name = "directory"
urlpatterns = [
    path("grupper/", views.group_list, name="groups"),
    path("grupper/<slug:slug>/", views.group_detail, name="group"),
    path("organisationer/", views.organisation_list, name="organisations"),
    path("organisationer/<slug:slug>/", views.organisation_detail, name="organisation"),
]
