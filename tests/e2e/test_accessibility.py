"""Accessibility of the public site: axe-core's WCAG 2.1 A and AA rules on each kind of page, in English
and Macedonian, plus what axe cannot see: the keyboard path and the skip link.

axe is injected as a script, which the strict Content-Security-Policy would block: these tabs bypass
the policy (the policy itself is tested elsewhere).
"""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, axe_violations, in_language

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PAGES = ["home", "section", "article", "speaker", "search", "membership"]


@pytest.mark.parametrize("language", ["en", "mk"])
@pytest.mark.parametrize("name", PAGES)
def test_public_page_has_no_wcag_21_aa_violations(browsing, public_site, name, language):
    page = browsing.new_page(language=language, bypass_csp=True)

    response = page.goto(public_site.path_in(name, language))

    assert response.status == 200, f"{public_site.pages[name]} answered {response.status}"
    assert page.locator("html").get_attribute("lang") == language
    violations = axe_violations(page)
    assert not violations, f"{name} page ({language}):\n" + "\n".join(violations)


def test_article_page_on_a_phone_has_no_wcag_21_aa_violations(browsing, public_site):
    page = browsing.new_page(viewport=PHONE, bypass_csp=True)
    page.goto(public_site.pages["article"])

    violations = axe_violations(page)

    assert not violations, "\n".join(violations)


def test_keyboard_user_can_skip_to_the_content(browsing, public_site):
    page = browsing.new_page()
    page.goto(public_site.pages["article"])

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()  # hidden until focused, but then visible to sighted keyboard users
    page.keyboard.press("Enter")

    assert page.evaluate("location.hash") == "#main"
    page.keyboard.press("Tab")  # the next stop is inside the content, past the header's links
    assert page.evaluate("document.activeElement.closest('#main') !== null"), page.evaluate(
        "document.activeElement.outerHTML"
    )


@pytest.mark.parametrize("language", ["en", "mk"])
def test_membership_form_errors_are_announced_and_tied_to_their_fields(browsing, language, settings):
    settings.MEMBERSHIP_FORM_MIN_SECONDS = 0
    page = browsing.new_page(language=language, bypass_csp=True)
    page.goto(in_language("/membership/join/", language))
    # The browser's own checks would stop an empty form first; a screen reader user can meet the
    # server's messages too (an address the server refuses), so switch them off to see those.
    page.locator("form.membership-form").evaluate("form => form.noValidate = true")
    page.locator("form.membership-form button[type=submit]").click()

    summary = page.get_by_role("alert")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # where the reader starts again, and the title says so
    assert page.title().startswith({"en": "Error:", "mk": "Грешка:"}[language])
    expect(summary.get_by_role("link").first).to_be_visible()
    name = page.locator("#id_name")
    expect(name).to_have_attribute("aria-invalid", "true")
    described_by = (name.get_attribute("aria-describedby") or "").split()
    errors = [page.locator(f"[id='{id_}']").inner_text() for id_ in described_by]
    assert any(text.strip() for text in errors), f"the name field's error is not tied to it: {described_by}"
    summary.get_by_role("link").first.click()  # the summary's links take the reader to the field
    assert page.evaluate("document.activeElement.id").startswith("id_")
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)
