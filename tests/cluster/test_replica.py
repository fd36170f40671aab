"""Reader pages read a real PostgreSQL streaming replica, everything else the primary, and a replica that
lags or stops never costs a reader the page (newsroom.db_router).

The primary and the replica are a pair made for this module (tests/cluster/postgres.py); the site's
"default" and "replica" databases point at them for its tests, and each test counts the queries each one
answers. Without PostgreSQL's server programs the module is skipped, except in CI, where it must run; CI
runs it in its PostgreSQL pass.
"""

import os

import pytest
from asgiref.local import Local
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from newsroom import db_router
from tests import factories
from tests.cluster.postgres import PostgresPair, bin_dir, wait_until

pytestmark = pytest.mark.cluster


@pytest.fixture(scope="module")
def pair():
    if os.environ.get("CI") and not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.skip("CI runs the replica tests in its PostgreSQL pass")
    binaries = bin_dir()
    if binaries is None:
        if os.environ.get("CI"):
            pytest.fail("CI needs PostgreSQL's server programs (initdb, pg_ctl, pg_basebackup)")
        pytest.skip("no PostgreSQL server programs (initdb, pg_ctl, pg_basebackup) found")
    pair = PostgresPair(binaries)
    try:
        pair.start()
        yield pair
    finally:
        pair.stop()


def database(pair, port):
    base = {"ENGINE": "django.db.backends.postgresql", "HOST": "127.0.0.1", "USER": "postgres"}
    return {**base, "NAME": "newsroom", "PORT": port, "OPTIONS": {"connect_timeout": 3}, "CONN_MAX_AGE": 0}


@pytest.fixture(scope="module")
def site_databases(pair, django_db_blocker):
    """The site's "default" and "replica" are the pair's for this module; migrated once, like a new site."""
    configured = {"default": database(pair, pair.primary_port), "replica": database(pair, pair.replica_port)}
    saved = connections._settings, connections.__dict__.get("settings"), connections._connections
    connections._settings = connections.__dict__["settings"] = connections.configure_settings(configured)
    connections._connections = Local(connections.thread_critical)
    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as patch:
        patch.setitem(django_settings.DATABASES, "replica", configured["replica"])
        call_command("migrate", verbosity=0, interactive=False)
        yield
        connections.close_all()
    connections._settings, connections._connections = saved[0], saved[2]
    if saved[1] is None:
        connections.__dict__.pop("settings", None)
    else:
        connections.__dict__["settings"] = saved[1]


@pytest.fixture
def replicated(site_databases, settings):
    """The replica has replayed everything the primary wrote so far; its health is probed anew."""
    settings.PAGE_CACHE_ENABLED = False  # every page read from the database, so its reads can be counted
    settings.MEMBERSHIP_FORM_MIN_SECONDS = 0
    db_router.health.forget()

    def caught_up():
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_insert_lsn()::text")
            primary = cursor.fetchone()[0]
        with connections["replica"].cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [primary])
            return cursor.fetchone()[0]

    def wait():
        wait_until(caught_up)
        db_router.health.forget()

    wait()
    return wait


class Reads:
    """The queries each database answered within the block."""

    def __enter__(self):
        self.primary = CaptureQueriesContext(connections["default"]).__enter__()
        self.replica = CaptureQueriesContext(connections["replica"]).__enter__()
        return self

    def __exit__(self, *exc):
        self.replica.__exit__(*exc)
        self.primary.__exit__(*exc)


@pytest.fixture
def story(replicated):
    made = factories.article(headline="Bridge reopens after repairs")
    replicated()
    return made


def test_a_readers_article_page_is_read_from_the_replica(story):
    with Reads() as reads:
        response = Client().get(story.get_absolute_url())
    assert response.status_code == 200
    assert "Bridge reopens after repairs" in response.content.decode()
    assert len(reads.replica) > 0
    assert page_reads(reads.primary) == []


def test_a_page_right_after_a_content_change_is_read_from_the_primary(story):
    # The proxy in front is purged on the change and fetches the page again at once: the replica may not
    # have replayed the change yet (make cluster found stale pages), so until a probe says it has, the page
    # is read from the primary.
    assert Client().get(story.get_absolute_url()).status_code == 200  # probed: the replica is read
    story.headline = "Bridge repairs finished early"
    story.save()
    with Reads() as reads:
        page = Client().get(story.get_absolute_url())
    assert "Bridge repairs finished early" in page.content.decode()
    assert page_reads(reads.primary) and not reads.replica.captured_queries


def test_the_admin_reads_the_primary(story):
    client = Client()
    client.force_login(factories.editor())
    with Reads() as reads:
        response = client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 200
    assert len(reads.replica) == 0
    assert len(reads.primary) > 0


def test_a_sign_up_and_the_pages_after_it_read_the_primary(story):
    from tests.membership.conftest import form_data

    supporter = factories_tier()
    client = Client()
    with Reads() as reads:
        response = client.post(reverse("membership:join"), form_data(tier=supporter.slug), follow=True)
        story_page = client.get(story.get_absolute_url())  # right after: the replica may not have it yet
    assert response.redirect_chain, response.content.decode()[:2000]
    assert response.status_code == story_page.status_code == 200
    assert len(reads.replica) == 0


def test_a_stopped_replica_costs_readers_nothing(pair, story):
    assert db_router.health.is_usable()  # probed and found well: the next pages will try it
    pair.stop_replica()
    try:
        # The first page finds it gone in the middle of the request, the next ones do not try it.
        with Reads() as reads:
            pages = [Client().get(story.get_absolute_url()) for _ in range(3)]
        assert [page.status_code for page in pages] == [200, 200, 200]
        assert all("Bridge reopens after repairs" in page.content.decode() for page in pages)
        assert len(reads.primary) > 0
        db_router.health.forget()  # the next probe: still down
        assert Client().get(reverse("articles:home")).status_code == 200
    finally:
        pair.start_replica()


def test_a_lagging_replica_is_passed_over_for_the_primary(story, settings, replicated):
    settings.DATABASE_REPLICA_MAX_LAG = 1
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
    try:
        wait_until(lambda: replica_lag() > 1.5, within=5)  # nothing new is replayed from here on
        factories.article(headline="Council votes on the budget")
        db_router.health.forget()
        with Reads() as reads:
            home = Client().get(reverse("articles:home"))
        assert "Council votes on the budget" in home.content.decode()
        assert len(reads.replica) == 1  # the probe, which found it behind
    finally:
        with connections["replica"].cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_resume()")
    replicated()
    with Reads() as reads:
        Client().get(reverse("articles:home"))
    assert page_reads(reads.primary) == []  # caught up: read again


def page_reads(queries):
    """The queries of the page itself, without the router's probe of the primary's position."""
    return [
        query["sql"] for query in queries.captured_queries if "pg_current_wal_insert_lsn" not in query["sql"]
    ]


def replica_lag():
    """How far behind the replica says it is, in seconds, as the router's probe sees it."""
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())")
        return float(cursor.fetchone()[0] or 0)


def factories_tier():
    from decimal import Decimal

    from membership.models import Currency, Tier, TierPrice

    supporter, _ = Tier.objects.get_or_create(slug="supporter", defaults={"name": "Supporter"})
    TierPrice.objects.get_or_create(
        tier=supporter,
        currency=Currency.objects.get(code="MKD"),
        frequency="monthly",
        defaults={"amount": Decimal("300")},
    )
    return supporter
