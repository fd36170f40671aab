"""Every response carries the security headers; public pages get the strict policy and set no cookies."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

PUBLIC_POLICY = {
    "default-src": ["'none'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "form-action": ["'self'"],
    "manifest-src": ["'self'"],
    "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
}


def policy(response):
    header = response.headers["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


@pytest.fixture
def story():
    return factories.article(video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ")


def public_urls(story):
    return [
        "/",
        story.get_absolute_url(),
        story.section.get_absolute_url(),
        "/robots.txt",
        "/no-such-page/",
    ]


def test_public_pages_get_the_strict_content_security_policy(client, story):
    for url in public_urls(story):
        response = client.get(url)
        assert policy(response) == PUBLIC_POLICY, url


def test_public_policy_never_allows_inline_or_eval_scripts(client, story):
    directives = policy(client.get(story.get_absolute_url()))
    for directive in ("script-src", "style-src", "default-src"):
        assert not {"'unsafe-inline'", "'unsafe-eval'", "data:", "*"} & set(directives[directive])


@pytest.mark.parametrize(
    "header, value",
    [
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
        ("X-Frame-Options", "DENY"),
    ],
)
def test_every_public_response_carries_header(client, story, header, value):
    for url in public_urls(story):
        assert client.get(url).headers.get(header) == value, url


def test_permissions_policy_turns_off_camera_microphone_and_location(client, story):
    header = client.get(story.get_absolute_url()).headers["Permissions-Policy"]
    features = dict(item.strip().split("=", 1) for item in header.split(", "))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"):
        assert features[feature] == "()"
    # The video embed may still go full screen, or picture in picture.
    players = '(self "https://www.youtube-nocookie.com" "https://player.vimeo.com")'
    assert features["fullscreen"] == features["picture-in-picture"] == players


def test_anonymous_reader_gets_no_cookie_on_home_or_article(client, story):
    for url in ["/", story.get_absolute_url(), story.section.get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 200
        assert not response.cookies, f"{url} set {list(response.cookies)}"
        assert "Set-Cookie" not in response.headers


def test_admin_gets_inline_styles_for_the_editor_but_scripts_stay_self(client, settings, story):
    client.force_login(factories.editor())
    response = client.get(reverse("admin:articles_article_change", args=[story.pk]))
    assert response.status_code == 200
    directives = policy(response)
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" in directives["style-src"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["default-src"] == ["'none'"]


def test_a_changed_policy_setting_shows_on_the_next_response(client, settings, story):
    # A deployment (or a test) that changes the policy sees it on the next response, report-only too.
    assert policy(client.get("/"))["img-src"] == ["'self'"]
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {
            **settings.CONTENT_SECURITY_POLICY["DIRECTIVES"],
            "img-src": ["'self'", "https://images.example"],
        }
    }
    assert policy(client.get("/"))["img-src"] == ["'self'", "https://images.example"]
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"default-src": ["'self'"]}}
    assert client.get("/").headers["Content-Security-Policy-Report-Only"] == "default-src 'self'"


def test_admin_additions_stay_under_the_admin_path(client, story):
    client.force_login(factories.editor())
    response = client.get(reverse("articles:preview", args=[story.pk]))
    assert response.status_code == 200
    assert policy(response) == PUBLIC_POLICY


def test_admin_pages_use_no_inline_scripts(client, story):
    """The admin keeps script-src 'self', so a script block in its pages would be blocked: there is none."""
    import html5lib

    client.force_login(factories.user(group="Admin"))
    for url in [
        reverse("admin:index"),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_change", args=[story.pk]),
        reverse("admin:articles_article_add"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        document = html5lib.parse(response.content, namespaceHTMLElements=False)
        for script in document.iter("script"):
            executable = script.get("type") in (None, "", "text/javascript", "module")
            assert not (executable and (script.text or "").strip()), (url, script.text[:200])
            for name in script.attrib:
                assert not name.startswith("on"), url


def test_a_page_served_again_from_the_page_cache_keeps_every_security_header(client, story):
    first = client.get(story.get_absolute_url())
    second = client.get(story.get_absolute_url())
    for header in (
        "Content-Security-Policy",
        "Permissions-Policy",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "X-Frame-Options",
    ):
        assert second.headers.get(header) == first.headers.get(header), header
    assert not second.cookies
