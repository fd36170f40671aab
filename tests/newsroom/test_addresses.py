"""Remembered addresses stay right: per language, and after the URLconf changes."""

from django.urls import path
from django.utils import translation

from newsroom.addresses import path_in_language, reverse


def test_a_remembered_address_follows_the_reader_language():
    assert reverse("articles:section", kwargs={"slug": "politics"}) == "/sections/politics/"
    with translation.override("mk"):
        assert reverse("articles:section", kwargs={"slug": "politics"}) == "/mk/sections/politics/"
    assert reverse("articles:section", kwargs={"slug": "politics"}) == "/sections/politics/"


def test_language_links_keep_the_page_and_its_query():
    assert path_in_language("/search/?q=budget", "mk") == "/mk/search/?q=budget"
    with translation.override("mk"):
        assert path_in_language("/mk/search/?q=budget", "en") == "/search/?q=budget"
        assert path_in_language("/mk/search/?q=budget", "mk") == "/mk/search/?q=budget"
    assert path_in_language("/search/?q=budget", "en") == "/search/?q=budget"


def view(request):
    raise AssertionError("never called")


urlpatterns = [path("elsewhere/<slug:slug>/", view, name="moved")]


def test_addresses_are_worked_out_again_when_the_urlconf_changes(settings):
    assert reverse("articles:home") == "/"
    settings.ROOT_URLCONF = __name__
    assert reverse("moved", kwargs={"slug": "x"}) == "/elsewhere/x/"
