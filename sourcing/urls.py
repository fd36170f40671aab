from django.urls import path

from sourcing import feeds, views

app_name = "sourcing"
urlpatterns = [
    path("quotes/", views.quote_index, name="quotes"),
    path("people/<slug:slug>/", views.person_detail, name="person"),
    path("people/<slug:slug>/feed/", feeds.PersonQuotesFeed(), name="person_feed"),
    path("people/<slug:slug>/quotes.json", views.person_json, name="person_json"),
    path("events/<slug:slug>/", views.event_detail, name="event"),
    path("articles/<slug:slug>/sourcing.json", views.article_json, name="article_json"),
]
