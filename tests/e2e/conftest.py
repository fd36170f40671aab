"""Browser tests: Debian's Chromium driven by Playwright against the site on a live server on 127.0.0.1.

No browser is ever downloaded: Playwright launches /usr/bin/chromium (installed by
scripts/e2e-prereqs.sh, which `make test` runs). axe-core and the Nu Html Checker come from the npm
registry into tests/e2e/node_modules. When Chromium, Java or those packages are missing the tests
skip with the reason, except in CI (CI set), where they fail so that a broken setup cannot pass
unnoticed.

The live server runs in a thread of the test process, so settings changed here (media root, email
backend, URL conf) are the server's settings too, and an in-memory SQLite database is shared with it.
"""

import contextlib
import email
import email.policy
import json
import os
import re
import shutil
import socket
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings

# Playwright's sync API runs an asyncio loop in this thread; Django's ORM would refuse to run beside it.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

E2E_DIR = Path(__file__).resolve().parent
CHROMIUM = Path(os.environ.get("NEWSROOM_CHROMIUM", "/usr/bin/chromium"))
AXE_JS = E2E_DIR / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = E2E_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ARTIFACTS = Path(django_settings.BASE_DIR) / "test-artifacts"
PASSWORD = "correct horse battery"  # what tests/factories.py gives every user

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def in_ci():
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def unavailable(reason):
    """Skip the test, or fail it in CI, where the browser tests must run."""
    hint = "run `make e2e-prereqs` (or scripts/e2e-prereqs.sh) to install it"
    if in_ci():
        pytest.fail(f"{reason}; CI is set, so the browser tests may not be skipped ({hint})", pytrace=False)
    pytest.skip(f"{reason} ({hint})")


# Browser ------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        unavailable(f"Chromium is not installed at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed (pip install -e '.[test]')")
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    except Exception as error:
        playwright.stop()
        unavailable(f"Chromium at {CHROMIUM} did not start: {error}")
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture(autouse=True)
def _live_site_settings(settings):
    settings.ROOT_URLCONF = "tests.e2e.urls"
    # The live server answers as 127.0.0.1; the test client (HTML checks) calls itself "testserver".
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
    # Staff sign in with their password here; the two-factor step has its own tests (tests/security).
    settings.NEWSROOM_REQUIRE_2FA = False


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.stash[_call_failed] = report.failed
    return report


_call_failed = pytest.StashKey[bool]()


def in_language(path, language):
    """`path` in `language`: reader pages carry their language as a prefix (/mk/...), English has none."""
    from django.conf import settings

    return path if language == settings.LANGUAGE_CODE else f"/{language}{path}"


class Browsing:
    """Opens browser contexts for one test, remembers the public pages seen, cleans up after it.

    On a failed test it saves, into test-artifacts/, a screenshot of every open tab as it was, and
    each public page the test visited at phone and at desktop width.
    """

    def __init__(self, browser, base_url):
        self.browser = browser
        self.base_url = base_url
        self.contexts = []
        self.public_urls = []
        self.console_errors = []  # script errors and Content-Security-Policy refusals, with the page

    def new_page(self, *, language="en", viewport=DESKTOP, bypass_csp=False):
        context = self.browser.new_context(
            base_url=self.base_url,
            viewport=viewport,
            locale=language,
            extra_http_headers={"Accept-Language": language},
            bypass_csp=bypass_csp,
        )
        context.set_default_timeout(10_000)
        self.contexts.append(context)
        page = context.new_page()
        page.on("framenavigated", lambda frame: self._seen(page, frame))
        page.on("pageerror", lambda error: self.console_errors.append(f"{page.url}: {error}"))
        page.on(
            "console",
            lambda message: (
                message.type == "error" and self.console_errors.append(f"{page.url}: {message.text}")
            ),
        )
        return page

    def public_page_errors(self):
        """Console errors on public pages (the admin's own scripts are not ours to judge here)."""
        admin = self.base_url + "/" + django_settings.ADMIN_PATH
        return [line for line in self.console_errors if not line.startswith(admin)]

    def _seen(self, page, frame):
        if frame is not page.main_frame:
            return
        path = frame.url.removeprefix(self.base_url)
        is_public = path.startswith("/") and not path.startswith("/" + django_settings.ADMIN_PATH)
        if is_public and path not in self.public_urls:
            self.public_urls.append(path)

    def save_artifacts(self, test_name):
        folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", test_name)
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)
        for number, context in enumerate(self.contexts):
            for tab, page in enumerate(context.pages):
                try:
                    page.screenshot(path=folder / f"open-tab-{number}-{tab}.png", full_page=True)
                    (folder / f"open-tab-{number}-{tab}.html").write_text(page.content())
                except Exception:  # a crashed tab should not hide the test's own failure
                    pass
        if not self.public_urls:
            return
        context = self.browser.new_context(base_url=self.base_url)
        self.contexts.append(context)
        page = context.new_page()
        for number, path in enumerate(self.public_urls[-8:]):
            name = re.sub(r"[^\w.-]+", "_", path.strip("/")) or "home"
            for width_name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
                try:
                    page.set_viewport_size(viewport)
                    page.goto(path, timeout=5_000)
                    page.screenshot(path=folder / f"{number:02d}-{name}-{width_name}.png", full_page=True)
                except Exception:
                    pass

    def close(self):
        for context in self.contexts:
            with contextlib.suppress(Exception):
                context.close()


@pytest.fixture
def browsing(request, browser, live_server):
    session = Browsing(browser, live_server.url)
    yield session
    if request.node.stash.get(_call_failed, False):
        session.save_artifacts(request.node.nodeid)
    session.close()


@pytest.fixture
def page(browsing):
    """A desktop-sized tab in English, for a reader with no account."""
    return browsing.new_page()


def log_in(page, user, *, next_path=None):
    """Log in through the admin's own login form, as a person would."""
    path = "/" + django_settings.ADMIN_PATH + "login/"
    if next_path:
        path += f"?next={next_path}"
    page.goto(path)
    page.get_by_label(re.compile("^username", re.I)).fill(user.get_username())
    page.get_by_label(re.compile("^password", re.I)).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("log in", re.I)).click()
    page.wait_for_load_state()


def image_loaded(image):
    """Waits until the image has finished loading (or failed); true when it decoded to a picture.

    `to_be_visible` only sees the element's box, which stands before the bytes arrive."""
    return image.evaluate(
        """image => image.complete ? image.naturalWidth > 0 : new Promise(settle => {
            image.addEventListener("load", () => settle(image.naturalWidth > 0), {once: true});
            image.addEventListener("error", () => settle(false), {once: true});
        })"""
    )


# Accessibility and valid HTML -----------------------------------------------------------------------


def axe_violations(page, *, tags=WCAG_21_AA):
    """Runs axe-core in the page; returns its WCAG violations as readable lines (empty when none)."""
    if not AXE_JS.exists():
        unavailable(f"axe-core is not installed ({AXE_JS} is missing)")
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        tags,
    )
    assert result["passes"], "axe-core checked nothing on this page"
    lines = []
    # axe lets an aria-describedby pass when one of its ids is missing; a screen reader then reads nothing.
    for broken in page.evaluate(
        """() => [...document.querySelectorAll("[aria-describedby], [aria-labelledby]")].flatMap(element =>
            ["aria-describedby", "aria-labelledby"].flatMap(attribute =>
                (element.getAttribute(attribute) || "").split(/\\s+/).filter(Boolean)
                    .filter(id => !document.getElementById(id))
                    .map(id => `${attribute}="${id}" names no element, on ${element.outerHTML.slice(0, 160)}`)))"""
    ):
        lines.append(f"broken-idref: {broken}")
    for violation in result["violations"]:
        for node in violation["nodes"]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']} "
                f"at {' '.join(map(str, node['target']))}: {node['html'][:160]} — {summary}"
            )
    return lines


def require_java():
    java = shutil.which("java")
    if not java:
        unavailable("Java is not installed (the Nu Html Checker needs it)")
    if not VNU_JAR.exists():
        unavailable(f"the Nu Html Checker is not installed ({VNU_JAR} is missing)")
    return java


def html_errors(documents, folder):
    """Checks HTML documents (name -> source) in one Nu Html Checker run; returns name -> error lines."""
    java = require_java()
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for number, (name, source) in enumerate(documents.items()):
        path = (folder / f"page-{number:02d}.html").resolve()
        path.write_text(source, encoding="utf-8")
        files[str(path)] = name
    # File paths, not file: URLs, which the checker accepts and then silently does not check.
    completed = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--stdout", *files],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    try:
        messages = json.loads(completed.stdout)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"the Nu Html Checker gave no report: {completed.stdout[:500]} {completed.stderr[:500]}")
    errors = {name: [] for name in documents}
    for message in messages:
        url = message.get("url", "")
        name = files.get(url.removeprefix("file:"), url or "(the checker itself)")
        errors.setdefault(name, []).append(
            f"line {message.get('lastLine', '?')}: {message['message']} "
            f"[{message.get('extract', '').strip()[:120]}]"
        )
    return {name: lines for name, lines in errors.items() if lines}


# What readers see ---------------------------------------------------------------------------------


@pytest.fixture
def public_site():
    """A small published site: a story with a lead image, sources and quotes, its section, a speaker.

    `pages` maps each kind of public page to its path, for the accessibility and HTML checks; a story has one
    address, in its own edition, so `path_in(name, language)` gives the Macedonian translation's for "article".
    """
    from sourcing.models import Person, Quote, Source
    from tests import factories

    section = factories.section(name="Environment", slug="environment")
    story = factories.article(
        headline="Parliament passes the clean water law",
        standfirst="After two years of debate, towns get five years to stop pouring sewage into rivers.",
        body=(
            "<p>The law passed with <strong>71 votes</strong> in favour. "
            '<a href="https://example.org/law">Read the law</a>.</p>'
            "<ul><li>Towns must treat their sewage.</li><li>Factories pay for what they pour.</li></ul>"
        ),
        section=section,
        lead_image=factories.image(alt_text="The river Vardar under the Stone Bridge in Skopje"),
        tags=[factories.tag(name="Water", slug="water")],
    )
    speaker = Person.objects.create(name="Ana Petrovska", bio="Minister of the environment since 2024.")
    conference = Source.objects.create(
        article=story, kind=Source.Kind.PRESS_CONFERENCE, description="Press conference at the ministry"
    )
    Source.objects.create(
        article=story,
        kind=Source.Kind.DOCUMENT,
        description="The law as passed",
        url="https://example.org/law",
        position=1,
    )
    Quote.objects.create(
        article=story,
        speaker=speaker,
        speaker_role="Minister of the environment",
        text="Every river in this country will be clean within five years.",
        source=conference,
    )
    Quote.objects.create(
        article=story,
        speaker=speaker,
        speaker_role="Minister of the environment",
        text="The towns will get the money they need to build the plants.",
        source=conference,
        position=1,
    )
    translation = factories.article(
        language="mk",
        headline="Собранието го изгласа законот за чиста вода",
        standfirst="По две години расправа, општините добиваат пет години да престанат да ги загадуваат реките.",
        section=section,
        lead_image=story.lead_image,
        translation_of=story,
    )
    articles = {"en": story.get_absolute_url(), "mk": translation.get_absolute_url()}
    pages = {
        "home": "/",
        "section": section.get_absolute_url(),
        "article": story.get_absolute_url(),
        "speaker": speaker.get_absolute_url(),
        "search": "/search/?q=sewage",
        "membership": "/membership/join/",
    }
    return SimpleNamespace(
        story=story,
        translation=translation,
        section=section,
        speaker=speaker,
        path_in=lambda name, language: (
            articles[language] if name == "article" else in_language(pages[name], language)
        ),
        pages=pages,
    )


# Email ------------------------------------------------------------------------------------------------


class SmtpInbox:
    """An aiosmtpd handler that keeps every message it is sent."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_inbox(settings):
    """A real SMTP server on 127.0.0.1 that the site sends its email to, as it would to the real one.

    Mail goes through Django's SMTP backend and the wire, not the in-memory backend, so the test also
    covers how the site's settings talk to a mail server.
    """
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = SmtpInbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    yield inbox
    controller.stop()
