"""The benchmark: production-shaped gunicorn on a seeded PostgreSQL database, loaded with wrk.

    make bench                                   # 1,000 stories, every target twice, 10 s each
    .venv/bin/python bench/run.py --articles 100000 --duration 15

It creates the database (newsroom_bench) when missing, migrates, seeds with bench/seed.py, collects static
files, starts gunicorn (DJANGO_DEBUG=0, a generated secret key, 2 sync workers, Redis for the cache) on
127.0.0.1, and drives each target with `wrk -t2 -c16` (installed with apt-get when missing). It prints one
Markdown table: requests/s, p50 and p99 latency, SQL queries per page (measured in process, page cache
bypassed unless the target is served from it), bytes per page, peak RSS of the busiest worker, and the
throughput as a ratio to the static file measured in the same run.

Two switches exist for the benchmark only, both off in production:
- NEWSROOM_PAGE_CACHE_BYPASS_HEADER=X-Bench-Bypass: requests carrying that header skip the page cache, which
  gives the "uncached" figures for the very same URL without filling the cache with one-off keys. They
  still use the {% cache %} fragments each worker keeps until content changes (the section menu; on the
  article page the story's parts, its related stories and the appeal), as every request but a worker's
  first after a change does: `bench/profile_page.py --no-fragments` measures that first one;
- MEMBERSHIP_SIGNUP_RATE_PER_IP/PER_EMAIL raised and MEMBERSHIP_FORM_MIN_SECONDS=0: every sign-up comes from
  127.0.0.1 within seconds of loading the form, which the anti-abuse checks would rightly refuse. The
  honeypot and the signed timing token stay on: the script sends the form as a browser would.
"""

import argparse
import json
import os
import platform
import secrets
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from load import ensure_wrk, parse_wrk, run_wrk
from server import BYPASS, ROOT, RssSampler, Server, bench_environment, log, prepare
from signups import signup_script

SPEAKER_PAGE_QUOTES = 10  # quotes on the measured speaker page: a page of this size exists at both sizes


def fair_speaker_page():
    """A speaker page listing SPEAKER_PAGE_QUOTES quotes, so that the 1,000- and 100,000-story runs measure
    pages of the same size (at 1,000 stories speakers have a handful of quotes, at 100,000 hundreds)."""
    setup_django()
    from profile_page import speaker_page_showing

    return speaker_page_showing(SPEAKER_PAGE_QUOTES)


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def measure_pages(targets):
    """Queries and body bytes per page, rendered in this process against the same database and cache."""
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    figures = {}
    for target in targets:
        if target.get("script"):
            continue
        headers = {
            f"HTTP_{name.upper().replace('-', '_')}": value for name, value in target["headers_dict"].items()
        }
        client.get(target["path"], **headers)  # the fragments and the page cache warm up as on the server
        with CaptureQueriesContext(connection) as queries:
            response = client.get(target["path"], **headers)
        body = b"".join(response) if response.streaming else response.content
        figures[target["name"]] = {
            "queries": len(queries),
            "bytes": len(body),
            "status": response.status_code,
        }
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--runs", type=int, default=2, help="runs of each target (these machines are noisy)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/newsroom_bench")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/15")
    parser.add_argument("--only", help="target names separated by semicolons (the static file always runs)")
    parser.add_argument("--reseed", action="store_true", help="seed again even if the story count matches")
    parser.add_argument("--json", help="also write the figures to this file")
    options = parser.parse_args()

    ensure_wrk()
    env = bench_environment(options)
    prepare(options, env)
    os.environ.update(env)
    manifest = json.loads((ROOT / "var" / "bench-static" / "staticfiles.json").read_text())
    static_path = "/static/" + manifest["paths"]["css/site.css"]

    server = Server(options, env)
    try:
        article = "/articles/story-0/"
        with urllib.request.urlopen(server.url + article) as response:
            etag = response.headers["ETag"]
        bypass = f"{BYPASS}: 1"
        targets = [
            {"name": "static file (site.css)", "path": static_path, "headers": []},
            {"name": "article, page cache", "path": article, "headers": []},
            {"name": "article, no page cache", "path": article, "headers": [bypass]},
            {"name": "article, 304 revalidation", "path": article, "headers": [f"If-None-Match: {etag}"]},
            {"name": "home, no page cache", "path": "/", "headers": [bypass]},
            {"name": "section, no page cache", "path": "/sections/politics/", "headers": [bypass]},
            {"name": "search, no page cache", "path": "/search/?q=budget+council", "headers": [bypass]},
            {"name": "speaker, no page cache", "path": fair_speaker_page(), "headers": [bypass]},
            {"name": "sign-up POST", "path": "/membership/join/", "headers": [], "script": True},
        ]
        if options.only:
            wanted = {name.strip() for name in options.only.split(";")}
            targets = [t for t in targets if t["name"] in wanted or t["name"].startswith("static")]
        for target in targets:
            target["headers_dict"] = dict(h.split(": ", 1) for h in target["headers"])
        figures = measure_pages(targets)

        from membership.models import Member

        results = {t["name"]: [] for t in targets}
        work_dir = Path(tempfile.mkdtemp(prefix="bench-"))
        for run in range(options.runs):
            for target in targets:
                script = None
                if target.get("script"):
                    run_tag = secrets.token_hex(4)
                    script = signup_script(server, run_tag, work_dir, threads=options.threads)
                sampler = RssSampler(server)
                sampler.start()
                output = run_wrk(options, server.url + target["path"], target["headers"], script)
                figure = parse_wrk(output)
                figure["rss"] = sampler.stop()
                server.drain()
                if script:
                    time.sleep(1)  # requests still in flight when wrk stopped
                    stored = Member.objects.filter(email__startswith=f"bench-{run_tag}-").count()
                    distinct = (
                        Member.objects.filter(email__startswith=f"bench-{run_tag}-")
                        .values("email")
                        .distinct()
                        .count()
                    )
                    figure["stored"], figure["distinct"] = stored, distinct
                results[target["name"]].append(figure)
                log(f"run {run + 1} {target['name']}: {figure['rps']:.0f} req/s")
    finally:
        server.stop()

    print_table(options, targets, results, figures)
    if options.json:
        Path(options.json).write_text(json.dumps({"results": results, "pages": figures}, indent=2))


def print_table(options, targets, results, figures):
    static = results[targets[0]["name"]]
    print(
        f"\n{options.articles} stories, wrk -t{options.threads} -c{options.connections} -d{options.duration}s,"
        f" gunicorn 2 sync workers, PostgreSQL, Redis, Python {platform.python_version()}"
        f" ({os.path.realpath(sys.executable)}); each target run {options.runs} times (run 1 / run 2 ...)\n"
    )
    print(
        "| target | requests/s | p50 ms | p99 ms | queries/page | bytes/page | peak RSS/worker MiB | ratio to static |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for target in targets:
        runs = results[target["name"]]
        page = figures.get(target["name"], {})

        def joined(key, fmt, runs=runs):
            return " / ".join(format(run[key], fmt) for run in runs)

        ratio = " / ".join(f"{run['rps'] / static[i]['rps']:.2f}x" for i, run in enumerate(runs))
        queries = page.get("queries", "")
        size = page.get("bytes", "")
        if target["name"].startswith("static"):
            queries, ratio = 0, "1.00x"
        if target.get("script"):
            queries, size = "", "302"
        print(
            f"| {target['name']} | {joined('rps', '.0f')} | {joined('p50', '.2f')} | {joined('p99', '.2f')} | "
            f"{queries} | {size} | {joined('rss', '.0f')} | {ratio} |"
        )
    for target in targets:
        for n, run in enumerate(results[target["name"]], 1):
            if run["errors"] or run["socket_errors"]:
                print(
                    f"\n{target['name']} run {n}: {run['errors']} non-2xx/3xx answers; socket errors: {run['socket_errors']}"
                )
            if run.get("signups"):
                ok, refused = run["signups"]
                print(
                    f"\nsign-ups run {n}: {ok} answered 302 (signed up), {refused} refused; "
                    f"{run['stored']} members stored, {run['distinct']} distinct addresses "
                    f"({run['stored'] - ok} more stored than answered: requests in flight when wrk stopped)"
                )


if __name__ == "__main__":
    main()
