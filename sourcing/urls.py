from django.urls import path

from articles.slugs import follows_old_slugs
from sourcing import feeds, views
from sourcing.models import Event, Person

app_name = "sourcing"
# A renamed person's or event's old address (its feed's too; quotes.json: views.py) answers with a 301.
person, event = follows_old_slugs(Person), follows_old_slugs(Event)
urlpatterns = [
    path("quotes/", views.quote_index, name="quotes"),
    path("people/", views.PeopleIndexView.as_view(), name="people"),
    path("people/<slug:slug>/", person(views.person_detail), name="person"),
    path("people/<slug:slug>/feed/", person(feeds.PersonQuotesFeed()), name="person_feed"),
    path("people/<slug:slug>/feed/atom/", person(feeds.PersonQuotesAtomFeed()), name="person_feed_atom"),
    path("people/<slug:slug>/quotes.json", views.person_json, name="person_json"),
    path("events/<slug:slug>/", event(views.event_detail), name="event"),
    path("articles/<slug:slug>/sourcing.json", views.article_json, name="article_json"),
]
