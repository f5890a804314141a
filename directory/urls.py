from django.urls import path

from directory import views

app_name = "directory"
urlpatterns = [
    path("grupper/", views.group_list, name="groups"),
    path("grupper/<slug:slug>/", views.group_detail, name="group"),
    path("organisationer/", views.organisation_list, name="organisations"),
    path("organisationer/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("konto/", views.account, name="account"),
    path("konto/logga-in/", views.login, name="login"),
    path("konto/logga-ut/", views.logout, name="logout"),
    path("konto/losenord/", views.password_reset, name="password_reset"),
    path("konto/losenord/skickat/", views.password_reset_done, name="password_reset_done"),
    path(
        "konto/aterstall/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("konto/losenord/klart/", views.password_reset_complete, name="password_reset_complete"),
    path("konto/inbjudan/<uidb64>/<token>/", views.invitation, name="invitation"),
    path("integritet/", views.privacy, name="privacy"),
]
