from django.urls import path

from pages import views

app_name = "pages"
urlpatterns = [
    path("", views.home, name="home"),
    path("tillganglighet/", views.statement, name="statement"),
    path("lattlast/", views.easy_read_index, name="easy_read_index"),
    path("om/<slug:slug>/", views.page_detail, name="page"),
    path("om/<slug:slug>/lattlast/", views.page_easy_read, name="easy_read"),
    path("inbaddning/grupper/<slug:slug>/", views.embed_group, name="embed_group"),
]
