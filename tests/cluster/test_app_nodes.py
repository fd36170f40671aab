"""Two app nodes (gunicorn, DEBUG off, as two machines would run them) share PostgreSQL and Redis: a story an
editor publishes in node A's admin, while both nodes hold the home page in their page caches, is on node B's
pages within a second, and gone from them within a second of being unpublished there, because the content
generation the nodes check lives in the shared Redis (newsroom/pagecache).

The editor signs in to node A over HTTP as a browser behind the site's TLS proxy would (password, then the
code from an authenticator app) and uses the story list's publish and unpublish actions. The test only makes
the rows and reads the pages. The nodes read the test database, so the test commits its rows (a
transactional test, which puts the migrations' rows back afterwards). They need a database other processes
can open: on SQLite (in memory) the module is skipped, and CI runs it in its PostgreSQL pass. Without Redis
it is skipped, except in CI, where it must run.
"""

import http.client
import os
import re
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookies import SimpleCookie

import pytest
import redis
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from articles.models import Article
from tests import factories
from tests.accounts.sign_in import PASSWORD, current_code
from tests.cluster.nodes import AppNode, collect_static, node_environment

pytestmark = pytest.mark.cluster

REDIS_URL = os.environ.get("NEWSROOM_TEST_REDIS_URL", "redis://127.0.0.1:6379/12")


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    return tmp_path_factory.mktemp("cluster-static")


def database_url():
    """The test database as a URL, for processes that are not this one."""
    db = connection.settings_dict
    password = f":{urllib.parse.quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def nodes(django_db_serialized_rollback, transactional_db, static_root, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the nodes share the test database: run on PostgreSQL (CI does, in its PostgreSQL pass)")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.ConnectionError:
        if os.environ.get("CI"):
            pytest.fail(f"CI needs Redis at {REDIS_URL} (.ci/run starts it)")
        pytest.skip(f"no Redis at {REDIS_URL}")
    env = node_environment(
        database_url=database_url(),
        redis_url=REDIS_URL,
        static_root=static_root,
        cache_prefix=f"test-nodes-{secrets.token_hex(4)}",
    )
    if not (static_root / "staticfiles.json").exists():
        collect_static(env)
    started = []
    try:
        for name in ("a", "b"):
            started.append(AppNode(env, log_path=tmp_path / f"node-{name}.log").start())
        yield started
    finally:
        for node in started:
            node.stop()


class Browser:
    """A staff member's browser on one node. The nodes run as in production, behind a TLS proxy, with secure
    cookies: so it says it came through that proxy (X-Forwarded-Proto), sends an Origin with its forms (as
    browsers do, for the CSRF check), and keeps its cookies itself (urllib keeps secure cookies off http)."""

    def __init__(self, node):
        self.port, self.cookies = node.port, {}

    def open(self, path, form=None):
        headers = {"X-Forwarded-Proto": "https"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://127.0.0.1:{self.port}"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("GET" if form is None else "POST", path, body, headers)
            response = connection.getresponse()
            page = response.read().decode()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response.status, page

    def submit(self, path, fields, *, form_page=None):
        """Posts `fields` to `path` with the CSRF token of the form's page (opened first unless given, since
        opening the sign-in page again would start it over); the response's status and page."""
        if form_page is None:
            status, form_page = self.open(path)
            assert status == 200, (path, status)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form_page).group(1)
        return self.open(path, {"csrfmiddlewaretoken": token, **fields})

    def sign_in(self, user, device):
        """The admin's two-step sign-in: password, then the authenticator app's code."""
        login = reverse("two_factor:login")
        status, page = self.submit(
            login,
            {"login_view-current_step": "auth", "auth-username": user.username, "auth-password": PASSWORD},
        )
        assert status == 200 and 'name="token-otp_token"' in page, (status, form_errors(page))
        fields = {"login_view-current_step": "token", "token-otp_token": current_code(device)}
        status, page = self.submit(login, fields, form_page=page)
        assert status == 302, (status, form_errors(page))

    def run_action(self, action, article):
        """Ticks the story in the admin's story list and runs a bulk action on it."""
        stories = reverse("admin:articles_article_changelist")
        status, page = self.submit(stories, {"action": action, "_selected_action": article.pk, "index": 0})
        assert status == 302, (status, form_errors(page))


def form_errors(page):
    return re.findall(r'class="errornote"[^>]*>(.*?)</|<ul class="errorlist[^>]*>(.*?)</ul>', page, re.S)


def read(url):
    """A reader's request: status, the page cache's X-Page-Cache header and the page."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get("X-Page-Cache"), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("X-Page-Cache"), error.read().decode()


def cached(url):
    """The page at `url` once the node serves it from its page cache. Right after a change a worker may
    still miss once or twice (it renders afresh then), so it asks a few times."""
    deadline = time.monotonic() + 5
    while True:
        status, state, page = read(url)
        if (status, state) == (200, "hit"):
            return page
        assert time.monotonic() < deadline, f"{url} is not kept in the page cache ({status}, {state})"
        time.sleep(0.05)


def holds_within(check, *, since, seconds=1.0):
    """Whether `check()`, asked again and again, holds no later than `seconds` after `since`."""
    while True:
        holds = check()
        late = time.monotonic() - since > seconds
        if holds or late:
            return holds and not late
        time.sleep(0.02)


def test_a_story_published_through_one_node_is_on_the_other_node_within_a_second_and_gone_when_unpublished(
    nodes,
):
    node_a, node_b = nodes
    headline = "Flood warning for the Vardar"
    factories.article(headline="Bridge reopens")
    draft = factories.article(headline=headline, published=False)
    editor = factories.editor()
    # The nodes check passwords with the site's hashers; tests/conftest.py gives this process a fast one.
    editor.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    editor.save()
    device = TOTPDevice.objects.create(user=editor, name="default", confirmed=True)
    home, story = node_b.url + "/", node_b.url + draft.get_absolute_url()
    for node in nodes:
        page = cached(node.url + "/")  # the old home page: a change must invalidate it on every node
        assert "Bridge reopens" in page and headline not in page
    assert read(story)[0] == 404
    editor_on_a = Browser(node_a)
    editor_on_a.sign_in(editor, device)

    editor_on_a.run_action("publish_selected", draft)
    published_at = time.monotonic()

    assert Article.objects.get(pk=draft.pk).status == Article.Status.PUBLISHED
    assert holds_within(lambda: headline in read(home)[2] and read(story)[0] == 200, since=published_at), (
        "node B still serves its home page or the story's address as before the publish"
    )
    assert headline in read(story)[2]
    assert headline in read(node_a.url + "/")[2]

    assert headline in cached(home) and headline in cached(story)
    editor_on_a.run_action("unpublish_selected", draft)
    unpublished_at = time.monotonic()

    assert Article.objects.get(pk=draft.pk).status == Article.Status.UNPUBLISHED
    assert holds_within(
        lambda: headline not in read(home)[2] and read(story)[0] == 404, since=unpublished_at
    ), "node B still serves the unpublished story"
