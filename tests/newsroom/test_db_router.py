"""Which database a request reads (newsroom.db_router): the replica for anonymous readers' pages, the
primary for everything else. The real replica's routing, lag and failure are in tests/cluster/test_replica.py;
here the replica's health is set by hand and the view reports where its reads would go."""

import time

import pytest
from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpResponse
from django.test import RequestFactory

from articles.models import Article
from membership.models import Member
from newsroom import db_router
from newsroom.db_router import WROTE_COOKIE, ReplicaRouter, ReplicaRoutingMiddleware

router = ReplicaRouter()


@pytest.fixture
def replica_configured(monkeypatch):
    monkeypatch.setitem(settings.DATABASES, "replica", {})
    monkeypatch.setattr(db_router.health, "is_usable", lambda: True)
    # The content last changed a minute ago, and the replica's last probe found it replayed up to now.
    monkeypatch.setattr(db_router, "request_generation", lambda: f"{time.time() - 60:.3f}-abcd")
    monkeypatch.setattr(db_router.health, "replayed_until", time.time() - db_router.STREAM_MARGIN)


def reading_view(request):
    """A page that reads a story, and writes first when asked to."""
    if request.GET.get("write"):
        router.db_for_write(Member)
    return HttpResponse(router.db_for_read(Article) or "default")


def read_from(request):
    response = ReplicaRoutingMiddleware(reading_view)(request)
    return response.content.decode(), response


rf = RequestFactory()


def test_an_anonymous_readers_page_reads_the_replica(replica_configured):
    assert read_from(rf.get("/news/a-story/"))[0] == "replica"
    assert read_from(rf.head("/mk/"))[0] == "replica"


def test_the_admin_reads_the_primary(replica_configured):
    assert read_from(rf.get(f"/{settings.ADMIN_PATH}articles/article/"))[0] == "default"


def test_a_signed_in_browser_reads_the_primary_on_reader_pages_too(replica_configured):
    request = rf.get("/news/a-story/")
    request.COOKIES[settings.SESSION_COOKIE_NAME] = "abc"
    assert read_from(request)[0] == "default"


def test_a_sign_up_or_payment_reads_the_primary(replica_configured):
    assert read_from(rf.post("/membership/join/"))[0] == "default"


def test_a_read_after_a_write_in_the_same_request_reads_the_primary(replica_configured):
    page, response = read_from(rf.get("/news/a-story/", {"write": "1"}))
    assert page == "default"
    assert response.cookies[WROTE_COOKIE]["max-age"] > settings.DATABASE_REPLICA_MAX_LAG


def test_a_browser_that_just_wrote_keeps_reading_the_primary(replica_configured):
    request = rf.get("/membership/thanks/")
    request.COOKIES[WROTE_COOKIE] = "1"
    assert read_from(request)[0] == "default"


def test_a_page_that_wrote_nothing_sets_no_cookie(replica_configured):
    assert WROTE_COOKIE not in read_from(rf.get("/news/a-story/"))[1].cookies


def test_reader_pages_read_the_primary_while_the_replica_may_still_lack_a_content_change(
    replica_configured, monkeypatch
):
    # A story was just published: the proxy in front, purged, fetches its pages again at once, and the
    # replica may not have replayed the change yet (make cluster served 3 stale pages of 16 before this).
    changed = time.time()
    monkeypatch.setattr(db_router, "request_generation", lambda: f"{changed:.3f}-abcd")
    assert read_from(rf.get("/news/a-story/"))[0] == "default"
    # The next probe finds the replica replayed past the change: readers read it again.
    monkeypatch.setattr(db_router.health, "replayed_until", changed + 0.5)
    assert read_from(rf.get("/news/a-story/"))[0] == "replica"


def test_a_content_generation_without_a_time_or_an_unreachable_cache_reads_the_primary(
    replica_configured, monkeypatch
):
    monkeypatch.setattr(db_router, "request_generation", lambda: "0123456789abcdef")  # an older value
    assert read_from(rf.get("/news/a-story/"))[0] == "default"

    def cache_away():
        raise ConnectionError("Redis is away")

    monkeypatch.setattr(db_router, "request_generation", cache_away)
    assert read_from(rf.get("/news/a-story/"))[0] == "default"


def test_a_lagging_or_unreachable_replica_is_not_read(replica_configured, monkeypatch):
    monkeypatch.setattr(db_router.health, "is_usable", lambda: False)
    assert read_from(rf.get("/news/a-story/"))[0] == "default"


def test_reads_outside_a_request_use_the_primary(replica_configured):
    # Management commands, the email worker, migrations.
    assert router.db_for_read(Article) is None
    assert router.db_for_write(Article) == "default"


def test_without_a_replica_nothing_changes():
    assert "replica" not in settings.DATABASES
    with pytest.raises(MiddlewareNotUsed):
        ReplicaRoutingMiddleware(reading_view)
    assert router.db_for_read(Article) is None


def test_the_replica_is_never_migrated():
    assert router.allow_migrate("replica", "articles") is False
    assert router.allow_migrate("default", "articles") is None


def test_the_replicas_health_is_probed_at_most_once_per_interval(monkeypatch):
    health = db_router.ReplicaHealth()
    probes = []
    clock = [1000.0]
    monkeypatch.setattr(health, "_probe", lambda: probes.append(clock[0]) or True)
    monkeypatch.setattr(db_router.time, "monotonic", lambda: clock[0])
    for _ in range(50):  # fifty pages within the interval: one probe
        assert health.is_usable()
    clock[0] += db_router.CHECK_SECONDS
    health.is_usable()
    assert probes == [1000.0, 1000.0 + db_router.CHECK_SECONDS]


def test_a_replica_set_aside_is_not_read_until_the_next_probe(monkeypatch):
    health = db_router.ReplicaHealth()
    clock = [1000.0]
    monkeypatch.setattr(health, "_probe", lambda: True)
    monkeypatch.setattr(db_router.time, "monotonic", lambda: clock[0])
    assert health.is_usable()
    health.set_aside("OperationalError")
    assert not health.is_usable()
    clock[0] += db_router.CHECK_SECONDS
    assert health.is_usable()
