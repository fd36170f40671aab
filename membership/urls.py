from django.urls import path

from membership import card_views, views

app_name = "membership"
urlpatterns = [
    path("join/", views.join, name="join"),
    path("join/start/", views.join_start, name="join_start"),
    path("join/sent/", views.join_sent, name="join_sent"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("manage/", views.manage_request, name="manage_request"),
    path("manage/<str:token>/", views.manage, name="manage"),
    path("manage/<str:token>/data.json", views.manage_data, name="manage_data"),
    path("card/paid/", card_views.card_return, name="card_return"),
    path("card/cancelled/", card_views.card_cancelled, name="card_cancelled"),
    path("card/<slug:provider_name>/webhook/", card_views.webhook, name="card_webhook"),
]
