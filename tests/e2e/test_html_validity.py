"""Every public page is valid HTML by the Nu Html Checker (vnu-jar, run with the machine's Java).

All documents go to one checker run: starting Java is the slow part.
"""

import pytest

from tests.e2e.conftest import ARTIFACTS, html_errors, in_language

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


def test_every_public_page_is_valid_html(client, public_site, tmp_path):
    story = public_site.story
    paths = {
        **public_site.pages,
        "tag": story.tags.get().get_absolute_url(),
        "author": story.bylines.get().author.get_absolute_url(),
        "quotes": "/quotes/",
        "corrections": "/corrections/",
        "search without a query": "/search/",
        "search with no result": "/search/?q=zzzzqqq",
        "not found": "/no-such-page/",
    }
    documents = {}
    for language in ("en", "mk"):
        for name, path in paths.items():
            if name == "article":  # one address per story, in its own edition: the translation's in mk
                path = public_site.path_in(name, language)
            response = client.get(in_language(path, language) if name != "article" else path)
            expected = 404 if name == "not found" else 200
            assert response.status_code == expected, f"{path} ({language}) answered {response.status_code}"
            documents[f"{name} {path} ({language})"] = response.content.decode()
    response = client.post("/membership/join/", {})
    assert response.status_code in (200, 400), (
        f"the membership form with errors answered {response.status_code}"
    )
    documents["membership form with errors (en)"] = response.content.decode()

    # A known-bad document in the same run proves the checker's report reaches this test.
    canary = "checker canary"
    documents[canary] = "<!DOCTYPE html><html lang=en><title>x</title><p><div></p>"

    errors = html_errors(documents, tmp_path / "html")

    assert errors.pop(canary, None), "the Nu Html Checker found nothing wrong with an invalid page"

    if errors:
        report = ARTIFACTS / "invalid-html"
        report.mkdir(parents=True, exist_ok=True)
        for number, name in enumerate(errors):
            (report / f"{number:02d}.html").write_text(documents[name], encoding="utf-8")
    assert not errors, "\n".join(f"{name}:\n  " + "\n  ".join(lines) for name, lines in errors.items())
