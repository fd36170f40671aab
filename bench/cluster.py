"""`make cluster`: many machines on loopback, loaded through Varnish while stories change and the replica stops.

    make cluster                                  # 300 stories, 30 s of load through Varnish
    .venv/bin/python bench/cluster.py --articles 300 --duration 30

It starts a PostgreSQL primary and its streaming replica (tests/cluster/postgres.py), two gunicorn app nodes
with DEBUG off that read the replica and share Redis (tests/cluster/nodes.py), and Varnish with
deploy/varnish/default.vcl round-robin over them; seeds stories (bench/seed.py) and runs wrk through Varnish.
Meanwhile this process unpublishes a story and publishes it again under a new headline every few seconds
(each change purges Varnish through newsroom.purge) and stops the replica halfway. Everything is stopped at
the end, on Ctrl-C and on errors too. It prints requests/s through Varnish and straight to one node, the
Varnish hit ratio, seconds from publishing to the story on the home page through Varnish, pages still stale
right after a change (must be 0) and responses >= 500 (must be 0).
"""

import argparse
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from load import ensure_wrk, parse_wrk  # noqa: E402

from tests.cluster.nodes import PYTHON, AppNode, Varnish, collect_static, node_environment, varnishd  # noqa: E402
from tests.cluster.postgres import PostgresPair, bin_dir  # noqa: E402

# Rotates over a few pages and counts answers >= 500 across wrk's threads.
WRK_SCRIPT = """
paths = {%s}
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init() i = 0; fails = 0 end
function request() i = i + 1; return wrk.format("GET", paths[(i %% #paths) + 1]) end
function response(status) if status >= 500 then fails = fails + 1 end end
function done()
  local n = 0
  for _, t in ipairs(threads) do n = n + t:get("fails") end
  io.write("FIVEXX " .. n .. "\\n")
end
"""


STARTED = time.monotonic()


def log(message):
    print(f"[{time.monotonic() - STARTED:5.0f} s] {message}", file=sys.stderr, flush=True)


def fetch(url):
    """(status, body); an HTTP error is an answer too."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def wrk(url, paths, duration, threads=2, connections=16, script_dir=None):
    script = Path(script_dir) / f"paths-{secrets.token_hex(3)}.lua"
    script.write_text(WRK_SCRIPT % ", ".join(f'"{path}"' for path in paths))
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "--latency"]
    output = subprocess.run(
        [*command, "-s", str(script), url], capture_output=True, text=True, check=True
    ).stdout
    figures = parse_wrk(output)
    figures["5xx"] = int(output.rsplit("FIVEXX ", 1)[1].split()[0])
    return figures


class Newsdesk(threading.Thread):
    """Unpublishes a story and publishes it again under a new headline, every `every` seconds, timing how
    long the home page through Varnish takes to show it and counting pages still stale right after a change."""

    def __init__(self, front, stories, every, stop):
        super().__init__(daemon=True)
        self.front, self.stories, self.every, self.stop = front, stories, every, stop
        self.delays, self.stale, self.checks, self.errors = [], 0, 0, 0

    def look(self, path, wanted, unwanted=None):
        status, body = fetch(self.front + path)
        self.checks += 1
        self.errors += status >= 500
        fresh = (wanted is None or wanted in body) and (unwanted is None or unwanted not in body)
        self.stale += not fresh
        return fresh

    def run(self):
        from django.conf import settings
        from django.utils import timezone

        from articles.models import Article

        for n, story in enumerate(self.stories):
            if self.stop.wait(self.every):
                return
            # The story and the home page of its edition (/ for the site's language, /mk/ and so on).
            path = story.get_absolute_url()
            home = "/" if story.language == settings.LANGUAGE_CODE else f"/{story.language}/"
            fetch(self.front + path), fetch(self.front + home)  # both in Varnish before the change
            old = story.headline
            story.status = Article.Status.UNPUBLISHED
            story.save()  # commits (autocommit); the purge went out on commit
            self.look(path, None, unwanted=old)
            self.look(home, None, unwanted=old)

            story.headline = f"Cluster news {n}: {secrets.token_hex(3)}"
            story.status, story.published_at = Article.Status.PUBLISHED, timezone.now()
            started = time.monotonic()
            story.save()
            self.look(path, story.headline)
            self.look(home, story.headline)  # the first home page after the change must show it already
            while story.headline not in fetch(self.front + home)[1] and time.monotonic() - started < 10:
                time.sleep(0.01)
            self.delays.append(time.monotonic() - started)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--duration", type=int, default=30, help="seconds of load through Varnish")
    parser.add_argument(
        "--direct-duration", type=int, default=10, help="seconds of load straight to one node"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--no-replica", action="store_true", help="the nodes read the primary only")
    options = parser.parse_args()

    binaries = bin_dir()
    if binaries is None or varnishd() is None:
        raise SystemExit(
            "make cluster needs PostgreSQL's server programs and varnishd (apt-get install varnish varnish-modules)"
        )
    ensure_wrk()
    work = Path(tempfile.mkdtemp(prefix="newsroom-cluster-"))
    pair, nodes, varnish = PostgresPair(binaries), [], None
    try:
        log("Starting the PostgreSQL primary and its streaming replica")
        pair.start()
        env = node_environment(
            database_url=pair.url(pair.primary_port),
            redis_url=options.redis_url,
            static_root=ROOT / "var" / "cluster-static",
        )
        if not options.no_replica:
            env["DATABASE_REPLICA_URL"] = pair.url(pair.replica_port)
        manage = [str(PYTHON), str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run([str(PYTHON), str(ROOT / "bench" / "seed.py"), "--articles", str(options.articles)], cwd=ROOT, env=env, check=True)  # fmt: skip
        collect_static(env)
        nodes = [AppNode(env, log_path=work / f"node-{name}.log") for name in ("a", "b")]
        varnish = Varnish([node.port for node in nodes], work / "varnish")
        env["NEWSROOM_PURGE_URLS"] = f"varnish://127.0.0.1:{varnish.port}"
        log("Starting two app nodes and Varnish")
        for node in nodes:
            node.start()
        varnish.start()

        os.environ.update(env, DJANGO_SETTINGS_MODULE="newsroom.settings")
        import django

        django.setup()
        from articles.models import Article

        published = Article.objects.filter(status=Article.Status.PUBLISHED).order_by("-published_at")
        stories = list(published[20:40])
        paths = ["/", *(story.get_absolute_url() for story in published[:30]), "/sections/politics/"]

        stop = threading.Event()
        desk = Newsdesk(varnish.url, stories, every=max(1.0, options.duration / 12), stop=stop)
        replica_stopper = threading.Timer(options.duration / 2, pair.stop_replica)
        log(f"Loading Varnish for {options.duration} s; stories change meanwhile, the replica stops halfway")
        desk.start()
        replica_stopper.start()
        try:
            through = wrk(varnish.url, paths, options.duration, script_dir=work)
        finally:
            stop.set()
            desk.join()
            replica_stopper.cancel()
        counters = varnish.counters("MAIN.cache_hit", "MAIN.cache_miss")
        log(f"Loading node A alone for {options.direct_duration} s")
        direct = wrk(nodes[0].url, paths, options.direct_duration, script_dir=work)
    finally:
        log("Stopping everything")
        if varnish:
            varnish.stop()
        for node in nodes:
            node.stop()
        pair.stop()
        shutil.rmtree(work, ignore_errors=True)

    hits, misses = counters["MAIN.cache_hit"], counters["MAIN.cache_miss"]
    delays = sorted(desk.delays)
    print(
        f"\n{options.articles} stories; wrk -t2 -c16 over {len(paths)} pages; 2 app nodes (gunicorn, 2 sync workers each)"
    )
    print("| figure | value |\n|---|---|")
    print(f"| requests/s through Varnish ({options.duration} s) | {through['rps']:.0f} |")
    print(f"| requests/s straight to node A ({options.direct_duration} s) | {direct['rps']:.0f} |")
    print(f"| Varnish hit ratio | {hits / max(1, hits + misses):.3f} ({hits} hits, {misses} misses) |")
    if delays:
        print(f"| publish to home page through Varnish, s (median / max of {len(delays)}) | {delays[len(delays) // 2]:.3f} / {delays[-1]:.3f} |")  # fmt: skip
    print(f"| stale pages right after a change ({desk.checks} checks) | {desk.stale} |")
    print(f"| responses >= 500 | {through['5xx'] + direct['5xx'] + desk.errors} |")
    if not options.no_replica:
        print(f"| replica stopped at | {options.duration / 2:.0f} s into the Varnish run |")


if __name__ == "__main__":
    main()
