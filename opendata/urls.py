from django.urls import path

from opendata import views

app_name = "opendata"
urlpatterns = [
    path("oppna-data/", views.index, name="index"),
    path("oppna-data/ideer.csv", views.ideas_csv, name="ideas_csv"),
    path("oppna-data/statusandringar.csv", views.status_changes_csv, name="status_changes_csv"),
]
