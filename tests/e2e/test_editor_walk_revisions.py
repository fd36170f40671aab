"""An editor walking the story form in the real editor (CKEditor 5): a Save that changes nothing leaves the
story's history as it was, and "Translate this story" into an edition that has its translation leads to it."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article
from tests import factories
from tests.e2e.conftest import log_in
from tests.sourcing import factories as sourcing

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ADMIN = "/" + settings.ADMIN_PATH


def test_saving_a_story_untouched_in_the_browser_adds_no_revision(browsing):
    story = factories.article(
        language="mk",
        headline="Тендерот за греење",
        body="<p>Општината го објави тендерот „во петок“.</p><ul><li>Една ставка</li></ul>",
        tags=[factories.tag()],
        # To the second, as publishing sets it and the form posts it back.
        published_at=timezone.now().replace(microsecond=0) - timedelta(hours=1),
    )
    sourcing.quote(story, source=sourcing.source(story), text="Постапката беше законска.")
    story.complete_latest_revision()
    before = story.history.count()
    page = browsing.new_page()
    log_in(page, factories.editor())
    for _ in range(2):
        page.goto(f"{ADMIN}articles/article/{story.pk}/change/")
        page.locator("input[name=_continue]").click()
        expect(page.locator("ul.messagelist")).to_contain_text("was changed successfully")
    assert story.history.count() == before


def test_translate_into_a_translated_edition_offers_the_way_to_that_translation(browsing):
    original = factories.article(language="mk", headline="Струјата поскапува")
    english = factories.article(language="en", translation_of=original, headline="Electricity prices rise")
    page = browsing.new_page()
    log_in(page, factories.editor())
    page.goto(f"{ADMIN}articles/article/{original.pk}/change/")
    tools = page.locator(".object-tools")
    expect(tools.locator("#translate-language option")).to_have_text(["Albanian"])
    tools.get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(rf"/articles/article/{english.pk}/change/$"))
    expect(page.locator("#id_headline")).to_have_value("Electricity prices rise")
    assert Article.objects.filter(translation_of=original).count() == 1
