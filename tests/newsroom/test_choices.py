"""Choice labels read as Django's get_FOO_display() reads them, in the page's language."""

import pytest
from django.utils import translation

from articles.models import Article
from sourcing.models import Source
from tests import factories
from tests.sourcing import factories as sourcing_factories

pytestmark = pytest.mark.django_db


def test_a_story_kicker_and_a_source_kind_read_in_the_active_language():
    story = factories.article(kicker=Article.Kicker.ANALYSIS)
    source = sourcing_factories.source(story, kind=Source.Kind.PRESS_CONFERENCE)
    assert (story.get_kicker_display(), source.get_kind_display()) == ("Analysis", "Press conference")
    with translation.override("mk"):
        assert story.get_kicker_display() == "Анализа"
        assert source.get_kind_display() == "Прес-конференција"


def test_a_value_that_is_no_longer_a_choice_reads_as_itself():
    story = Article(kicker="live-blog")  # e.g. a kicker removed from the list after stories used it
    assert story.get_kicker_display() == "live-blog"
