"""Two app nodes (gunicorn, DEBUG off, as two machines would run them) share PostgreSQL and Redis: a story
published while both hold the home page in their page caches is on the other node's home page within a
second, because the content generation they check lives in the shared Redis (newsroom/pagecache).

The nodes read the test database, so the test commits its rows (a transactional test) and publishes in
this process through the same service the admin calls, with the same Redis and key prefix as the nodes.
The nodes need a database other processes can open: on SQLite (in memory) the module is skipped, and CI
runs it in its PostgreSQL pass. Without Redis it is skipped, except in CI, where it must run.
"""

import os
import secrets
import time
import urllib.parse
import urllib.request

import pytest
import redis
from django.db import connection

from articles import services
from tests import factories
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
def nodes(django_db_serialized_rollback, transactional_db, settings, static_root, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the nodes share the test database: run on PostgreSQL (CI does, in its PostgreSQL pass)")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.ConnectionError:
        if os.environ.get("CI"):
            pytest.fail(f"CI needs Redis at {REDIS_URL} (.ci/run starts it)")
        pytest.skip(f"no Redis at {REDIS_URL}")
    prefix = f"test-nodes-{secrets.token_hex(4)}"
    env = node_environment(
        database_url=database_url(), redis_url=REDIS_URL, static_root=static_root, cache_prefix=prefix
    )
    if not (static_root / "staticfiles.json").exists():
        collect_static(env)
    # This process writes to the same cache the nodes read, as a third node would.
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "newsroom.pagecache.tracking.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        },
    }
    started = []
    try:
        for name in ("a", "b"):
            started.append(AppNode(env, log_path=tmp_path / f"node-{name}.log").start())
        yield started
    finally:
        for node in started:
            node.stop()


def get(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.headers.get("X-Page-Cache"), response.read().decode()


def first_page_showing(url, text, *, within):
    deadline = time.monotonic() + within
    while True:
        state, page = get(url)
        if text in page or time.monotonic() > deadline:
            return state, page
        time.sleep(0.02)


def test_a_story_published_on_one_node_is_on_the_other_nodes_home_page_within_a_second(nodes):
    node_a, node_b = nodes
    factories.article(headline="Bridge reopens")
    draft = factories.article(headline="Flood warning for the Vardar", published=False)
    for node in nodes:
        get(node.url + "/")
        state, page = get(node.url + "/")
        assert state == "hit", node.url  # the old home page is in its cache: a change must invalidate it
        assert "Bridge reopens" in page and "Flood warning for the Vardar" not in page

    services.article_publish(article=draft, by=factories.editor())

    _state, page = first_page_showing(node_b.url + "/", "Flood warning for the Vardar", within=1.0)
    assert "Flood warning for the Vardar" in page
    assert "Flood warning for the Vardar" in get(node_b.url + draft.get_absolute_url())[1]
    assert "Flood warning for the Vardar" in get(node_a.url + "/")[1]
