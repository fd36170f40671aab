"""Remembered addresses stay right: per language, and after the URLconf changes."""

from django.urls import include, path
from django.utils import translation

from newsroom.addresses import cached_reverse, path_in_language


def test_a_remembered_address_follows_the_reader_language():
    assert cached_reverse("articles:section", kwargs={"slug": "politics"}) == "/sections/politics/"
    with translation.override("mk"):
        assert cached_reverse("articles:section", kwargs={"slug": "politics"}) == "/mk/sections/politics/"
    assert cached_reverse("articles:section", kwargs={"slug": "politics"}) == "/sections/politics/"


def test_language_links_keep_the_page_and_its_query():
    assert path_in_language("/search/?q=budget", "mk") == "/mk/search/?q=budget"
    with translation.override("mk"):
        assert path_in_language("/mk/search/?q=budget", "en") == "/search/?q=budget"
        assert path_in_language("/mk/search/?q=budget", "mk") == "/mk/search/?q=budget"
    assert path_in_language("/search/?q=budget", "en") == "/search/?q=budget"


def view(request):
    raise AssertionError("never called")


# The same names as the site's, at other addresses and with no language prefix, so an answer remembered
# from the site's URLconf would be wrong here.
urlpatterns = [
    path(
        "elsewhere/",
        include(([path("sections/<slug:slug>/", view, name="section")], "articles")),
    )
]


def test_addresses_are_worked_out_again_when_the_urlconf_changes(settings):
    # Remember both kinds of answer under the site's URLconf first: the URLconf set in settings is not
    # part of the memory's key, so only the setting_changed hook keeps them from outliving it.
    assert cached_reverse("articles:section", kwargs={"slug": "politics"}) == "/sections/politics/"
    assert path_in_language("/sections/politics/", "mk") == "/mk/sections/politics/"
    settings.ROOT_URLCONF = __name__
    assert cached_reverse("articles:section", kwargs={"slug": "politics"}) == "/elsewhere/sections/politics/"
    # No page is at /sections/ any more, so there is nothing to translate: the address stays as it is.
    assert path_in_language("/sections/politics/", "mk") == "/sections/politics/"
