"""Where one page's time goes, in process: the benchmark's settings, N requests through the WSGI handler.

    .venv/bin/python bench/profile_page.py /articles/story-0/ --no-page-cache --requests 500
    .venv/bin/python bench/profile_page.py /articles/story-0/ --requests 2000 --top 40
    .venv/bin/python bench/profile_page.py --speaker-showing 13 --no-page-cache --requests 60

--speaker-showing N profiles a speaker's page that lists exactly N quotes, for comparing databases of
different sizes fairly: speakers gather quotes as the archive grows (about 5 each at 1,000 stories, about
500 at 100,000), so the same speaker's first page shows a few quotes in one and a full page in the other.
It takes a speaker with N public quotes, or else the last page of the speaker with the fewest quotes whose
last page holds N.

Run it after `bench/run.py` has seeded its database (same --database-url). It prints milliseconds per request
without the profiler (the figure to compare before and after a change), the SQL queries per request, then
cProfile's heaviest functions by own time and by cumulative time. Wall-clock figures are only as calm as
the machine: compare runs made one after the other.

--no-fragments renders the page as the first request after a content change does, every {% cache %}
fragment afresh (the section menu, the story's parts, the related stories, the appeal; not the page cache's
next scheduled change, which Redis keeps for every worker): `bench/run.py`'s targets measure pages whose
fragments are kept, as they are for every request but a worker's first after a change.

--instructions counts the CPU instructions of one request instead (valgrind's callgrind, installed with
apt-get when missing): the script runs itself under callgrind twice, with 20 and with 20 + N requests after
the warm-up, and divides the difference by N. The count does not move with the machine's load, so it tells
a 2% change from noise where wall-clock time cannot; it covers this process only (PostgreSQL's and Redis's
work is not in it). About a minute for N = 100.
"""

import argparse
import cProfile
import io
import os
import pstats
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("path", nargs="?")
    parser.add_argument(
        "--speaker-showing", type=int, metavar="N", help="profile a speaker page listing N quotes"
    )
    parser.add_argument("--no-page-cache", action="store_true", help="send the benchmark's bypass header")
    parser.add_argument(
        "--no-fragments",
        action="store_true",
        help="forget the {% cache %} fragments before each request: the first render after a content change",
    )
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/newsroom_bench")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/15")
    parser.add_argument(
        "--instructions", action="store_true", help="count CPU instructions per request with callgrind"
    )
    parser.add_argument("--only-requests", type=int, help=argparse.SUPPRESS)  # one run under callgrind
    options = parser.parse_args()
    if options.instructions:
        count_instructions(options)
        return

    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            "DATABASE_URL": options.database_url,
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(64),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_STATIC_ROOT": str(ROOT / "var" / "bench-static"),
            "REDIS_URL": options.redis_url,
            "DJANGO_CACHE_PREFIX": "bench",
            "NEWSROOM_PAGE_CACHE_BYPASS_HEADER": "X-Bench-Bypass",
        }
    )
    import django

    django.setup()
    import logging

    # Keep the request log's work (it is part of every request) but not its lines on the terminal.
    for handler in logging.getLogger().handlers + logging.getLogger("newsroom.requests").handlers:
        if isinstance(handler, logging.StreamHandler):
            handler.setStream(open(os.devnull, "w"))  # noqa: SIM115
    from django.db import connection, reset_queries
    from django.test import Client

    if options.speaker_showing:
        options.path = speaker_page_showing(options.speaker_showing)
        print(f"speaker page listing {options.speaker_showing} quotes: {options.path}")
    if not options.path:
        parser.error("give a path or --speaker-showing")

    headers = {"X-Bench-Bypass": "1"} if options.no_page_cache else {}
    client = Client(headers=headers)

    from django.core.cache import caches

    def one():
        if options.no_fragments:
            caches["fragments"].clear()
        response = client.get(options.path)
        if response.status_code != 200:
            raise SystemExit(f"{options.path} answered {response.status_code}")

    for _ in range(20):  # warm: imports, templates, connections, derived caches
        one()
    if options.only_requests is not None:
        for _ in range(options.only_requests):
            one()
        return

    started = time.perf_counter()
    for _ in range(options.requests):
        one()
    elapsed = time.perf_counter() - started

    connection.force_debug_cursor = True
    reset_queries()
    one()
    queries = len(connection.queries)
    connection.force_debug_cursor = False

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(options.requests):
        one()
    profiler.disable()

    print(f"{options.path}: {elapsed / options.requests * 1000:.2f} ms a request, {queries} SQL queries")
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(options.top)
        print(out.getvalue())


def count_instructions(options):
    """Instructions per request: two runs under callgrind that differ only in the number of requests."""
    if not shutil.which("valgrind"):
        subprocess.run(["apt-get", "install", "-y", "-q", "valgrind"], check=True, stdout=subprocess.DEVNULL)
    arguments = [a for a in sys.argv[1:] if a != "--instructions"]
    # The same hash seed and secret key in both runs, so that they differ only in the requests made.
    environment = {**os.environ, "PYTHONHASHSEED": "0", "BENCH_SECRET_KEY": secrets.token_urlsafe(64)}
    totals = []
    with tempfile.TemporaryDirectory() as directory:
        for requests in (20, 20 + options.requests):
            out = Path(directory) / f"callgrind.{requests}"
            subprocess.run(
                ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable, __file__,
                 *arguments, "--only-requests", str(requests)],
                check=True, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            totals.append(int(re.search(r"^(?:summary|totals): (\d+)", out.read_text(), re.M).group(1)))
    per_request = (totals[1] - totals[0]) / options.requests
    print(f"{options.path or 'speaker page'}: {per_request / 1e6:.2f} million instructions a request")


def speaker_page_showing(count):
    """The address of a speaker's page that lists `count` quotes (the first page if someone has that many
    quotes, else the last page of the speaker with the fewest quotes whose last page lists that many)."""
    from django.db.models import Count

    from sourcing.models import Person, Quote
    from sourcing.views import QUOTES_PER_PAGE

    if not 0 < count <= QUOTES_PER_PAGE:
        raise SystemExit(f"--speaker-showing takes 1 to {QUOTES_PER_PAGE}")
    quote_counts = (
        Quote.objects.public()
        .exclude(speaker=None)
        .values("speaker")
        .annotate(quotes=Count("pk"))
        .order_by("quotes", "speaker")
    )
    for row in quote_counts:  # fewest quotes first: someone with exactly `count` comes before the others
        if row["quotes"] % QUOTES_PER_PAGE == count % QUOTES_PER_PAGE:
            person = Person.objects.get(pk=row["speaker"])
            pages = -(-row["quotes"] // QUOTES_PER_PAGE)
            return person.get_absolute_url() + (f"?page={pages}" if pages > 1 else "")
    raise SystemExit(f"no speaker page lists {count} quotes in this database")


if __name__ == "__main__":
    main()
