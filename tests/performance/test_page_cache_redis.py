"""The page cache on a real Redis, as in production: each worker keeps the content generation in its own
memory and Redis tells it when the generation changes, so a page served from a worker's memory is never
older than the content, whichever worker or process changed it.

"Another worker" here is a second cache connection made from the same settings, as a second gunicorn worker
would make; it writes through its own connections, so nothing in this process learns of the change except
through Redis.
"""

import os
import secrets
import time

import pytest
import redis
from django.core.cache import caches

from articles.models import Article
from newsroom.pagecache import GENERATION_KEY
from tests import factories

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("NEWSROOM_TEST_REDIS_URL", "redis://127.0.0.1:6379/12")


@pytest.fixture
def redis_page_cache(settings):
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.ConnectionError:
        if os.environ.get("CI"):
            pytest.fail(f"CI needs Redis at {REDIS_URL} (.ci/run starts it)")
        pytest.skip(f"no Redis at {REDIS_URL}")
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "newsroom.pagecache.tracking.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"test-{secrets.token_hex(4)}",  # runs in parallel never share pages
        },
    }
    yield caches["default"]
    caches["default"].close()


@pytest.fixture
def another_worker(redis_page_cache):
    return caches.create_connection("default")


@pytest.fixture
def story():
    return factories.article(headline="Bridge reopens after repairs")


def served(client, story):
    response = client.get(story.get_absolute_url())
    return response["X-Page-Cache"], response.content.decode()


def served_once_redis_reports_it(client, story, text, within=1.0):
    """The first page showing `text`, as a reader would get it once Redis's change notice is delivered.

    Redis writes its reply to the writer and its notice to the watching worker one after the other, so on a
    busy machine a request can slip in between them; a kept page must be gone well within a second (an
    old page forever is what this catches).
    """
    deadline = time.monotonic() + within
    while True:
        state, page = served(client, story)
        if text in page or time.monotonic() > deadline:
            return state, page
        time.sleep(0.01)


def test_a_page_kept_in_a_workers_memory_is_served_from_it(client, story, redis_page_cache):
    assert served(client, story)[0] == "miss"
    assert served(client, story)[0] == "hit"


def test_an_edit_saved_by_another_worker_shows_here_at_once(client, story, another_worker):
    served(client, story)
    assert served(client, story)[0] == "hit"

    Article.objects.filter(pk=story.pk).update(headline="Bridge repairs finished early")
    another_worker.set(GENERATION_KEY, "saved-by-another-worker", timeout=None)

    state, page = served_once_redis_reports_it(client, story, "Bridge repairs finished early")
    assert "Bridge repairs finished early" in page
    assert state == "miss"


def test_an_edit_saved_in_this_worker_shows_at_once(client, story, redis_page_cache):
    served(client, story)
    story.headline = "Bridge repairs finished early"
    story.save()
    assert "Bridge repairs finished early" in served(client, story)[1]


def test_emptying_the_cache_server_leaves_no_old_page_in_a_workers_memory(client, story, another_worker):
    served(client, story)
    assert served(client, story)[0] == "hit"
    Article.objects.filter(pk=story.pk).update(headline="Bridge repairs finished early")
    another_worker.clear()  # FLUSHDB: the generation is gone with the pages
    assert "Bridge repairs finished early" in served_once_redis_reports_it(client, story, "finished early")[1]


def test_a_dropped_connection_to_the_cache_server_does_not_hide_a_change(client, story, another_worker):
    # Redis restarted or the network cut the connection that brings change notices: whatever changed
    # meanwhile went unannounced, so the worker must not trust what it kept.
    served(client, story)
    assert served(client, story)[0] == "hit"
    watcher = redis_clients_watching(GENERATION_KEY)
    assert watcher, "a worker serving pages watches the generation"
    admin = redis.Redis.from_url(REDIS_URL)
    for client_id in watcher:
        admin.client_kill_filter(_id=client_id)
    Article.objects.filter(pk=story.pk).update(headline="Bridge repairs finished early")
    another_worker.set(GENERATION_KEY, "saved-while-the-watch-was-down", timeout=None)

    assert "Bridge repairs finished early" in served(client, story)[1]
    assert served(client, story)[0] == "hit"  # and it watches again


def redis_clients_watching(key):
    """Ids of the connections Redis lists as tracking keys (flag "t") that this process's cache opened."""
    connection = caches["default"]._tracked[key]._connection
    if connection is None:
        return []
    host, port = connection._sock.getsockname()[:2]
    listed = redis.Redis.from_url(REDIS_URL).client_list()
    return [c["id"] for c in listed if "t" in c["flags"] and c["addr"] == f"{host}:{port}"]
