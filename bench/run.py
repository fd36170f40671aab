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
  gives the "uncached" figures for the very same URL without filling the cache with one-off keys;
- MEMBERSHIP_SIGNUP_RATE_PER_IP/PER_EMAIL raised and MEMBERSHIP_FORM_MIN_SECONDS=0: every sign-up comes from
  127.0.0.1 within seconds of loading the form, which the anti-abuse checks would rightly refuse. The
  honeypot and the signed timing token stay on: the script sends the form as a browser would.
"""

import argparse
import html.parser
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
BYPASS = "X-Bench-Bypass"
SPEAKER_PAGE_QUOTES = 10  # quotes on the measured speaker page: a page of this size exists at both sizes


def log(message):
    print(message, file=sys.stderr, flush=True)


def ensure_wrk():
    if shutil.which("wrk"):
        return
    log("wrk is missing: installing it with apt-get")
    subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True, stdout=subprocess.DEVNULL)


def ensure_database(url):
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            log(f"Creating database {name}")
            conn.execute(f'CREATE DATABASE "{name}"')


def bench_environment(options):
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": options.database_url,
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_STATIC_ROOT": str(ROOT / "var" / "bench-static"),
            "REDIS_URL": options.redis_url,
            "DJANGO_CACHE_PREFIX": "bench",
            "NEWSROOM_PAGE_CACHE_BYPASS_HEADER": BYPASS,
            "MEMBERSHIP_SIGNUP_RATE_PER_IP": "1000000/s",
            "MEMBERSHIP_SIGNUP_RATE_PER_EMAIL": "1000000/s",
            "MEMBERSHIP_FORM_MIN_SECONDS": "0",
            "NEWSROOM_SITE_URL": f"http://127.0.0.1:{options.port}",
        }
    )
    return env


def prepare(options, env):
    ensure_database(options.database_url)
    manage = [PYTHON, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], env=env, check=True)
    subprocess.run(
        [PYTHON, str(ROOT / "bench" / "seed.py"), "--articles", str(options.articles)], env=env, check=True
    )


# The server ----------------------------------------------------------------------------------------------


class Server:
    def __init__(self, options, env):
        self.url = f"http://127.0.0.1:{options.port}"
        self.secret_key = env["DJANGO_SECRET_KEY"]  # to sign the sign-up forms' tokens (form_tokens)
        self.log_file = open(ROOT / "var" / "bench-gunicorn.log", "w")  # noqa: SIM115
        # --max-requests 0: gunicorn.conf.py recycles a worker every ~5,000 requests, which at thousands of
        # requests a second would restart (and re-import Django in) a worker every few seconds.
        self.process = subprocess.Popen(
            [GUNICORN, "--config", str(ROOT / "gunicorn.conf.py"), "--bind", f"127.0.0.1:{options.port}",
             "--workers", "2", "--max-requests", "0", "newsroom.wsgi"],
            cwd=ROOT, env=env, stdout=self.log_file, stderr=subprocess.STDOUT,
        )  # fmt: skip
        for _ in range(100):
            try:
                urllib.request.urlopen(self.url + "/healthz", timeout=2)
                return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise SystemExit("gunicorn did not start: see var/bench-gunicorn.log")

    def drain(self):
        """Wait until the workers have answered what wrk left queued, so it does not slow the next target."""
        urllib.request.urlopen(self.url + "/healthz", timeout=120).read()
        time.sleep(0.5)

    def worker_pids(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return [int(pid) for pid in children]

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)
        self.log_file.close()


def rss_mib(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class RssSampler(threading.Thread):
    """The largest resident size any worker reaches while a target runs, sampled five times a second."""

    def __init__(self, server):
        super().__init__(daemon=True)
        self.server, self.peak, self.running = server, 0.0, True

    def run(self):
        while self.running:
            for pid in self.server.worker_pids():
                self.peak = max(self.peak, rss_mib(pid))
            time.sleep(0.2)

    def stop(self):
        self.running = False
        self.join()
        return self.peak


# Targets -------------------------------------------------------------------------------------------------


class FormFields(html.parser.HTMLParser):
    """The fields a browser would send from the sign-up form, with their default values."""

    def __init__(self):
        super().__init__()
        self.fields, self.select, self.in_form = {}, None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "").lower() == "post":
            self.in_form = True
        if not self.in_form:
            return
        if tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs or (kind == "checkbox"):
                    self.fields.setdefault(attrs["name"], attrs.get("value", "on"))
            else:
                self.fields[attrs["name"]] = attrs.get("value", "")
        elif tag == "select":
            self.select = attrs.get("name")
        elif tag == "option" and self.select:
            value = attrs.get("value", "")
            if value and (self.select not in self.fields or "selected" in attrs):
                self.fields[self.select] = value

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "form":
            self.in_form = False


def form_tokens(secret_key, count):
    """Form-timing tokens as the site signs them (membership.tokens.form_timing_token, salt "membership.form").

    Each fetched sign-up form is good for one sign-up, so each request of the benchmark carries a token of its
    own, as each reader's browser would after fetching the form.
    """
    from django.conf import settings

    if not settings.configured:
        settings.configure(SECRET_KEY=secret_key)
    from django.core import signing

    shown_at = int(time.time())
    return [
        urllib.parse.quote(
            signing.dumps(
                {"t": shown_at, "n": secrets.token_urlsafe(12)}, key=secret_key, salt="membership.form"
            )
        )
        for _ in range(count)
    ]


def signup_script(server, run_tag, directory, *, tokens_per_thread=10_000, threads=2):
    """A wrk Lua script posting the real sign-up form, each request with a new address and its own form
    token; counts answers."""
    request = urllib.request.Request(server.url + "/membership/join/")
    with urllib.request.urlopen(request) as response:
        page = response.read().decode()
        cookie = response.headers.get("Set-Cookie", "").split(";")[0]
    parser = FormFields()
    parser.feed(page)
    fields = parser.fields
    # A custom monthly pledge: it needs no tier to exist in the database.
    fields.update({"tier": "custom", "amount": "300", "frequency": "monthly", "name": "Bench Reader"})
    fields.update({"country": "MK", "website": ""})
    fields.pop("newsletter", None)
    fields.pop("email", None)
    fields.pop("started", None)
    before = urllib.parse.urlencode(fields) + "&email="
    middle = "&started="
    tokens = form_tokens(server.secret_key, tokens_per_thread * threads)
    token_table = ",".join(f'"{token}"' for token in tokens)
    script = directory / "signup.lua"
    script.write_text(
        f"""
local before, middle = [[{before}]], [[{middle}]]
local tokens = {{{token_table}}}
local per_thread = {tokens_per_thread}
local threads = {{}}
local counter = 0
setup = function(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end
init = function(args)
  ok, refused = 0, 0
end
request = function()
  counter = counter + 1
  local token = tokens[id * per_thread + ((counter - 1) % per_thread) + 1]
  local body = before .. "bench-{run_tag}-" .. id .. "-" .. counter .. "%40example.org" .. middle .. token
  return wrk.format("POST", "/membership/join/", {{
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "{cookie}",
    ["Referer"] = "{server.url}/membership/join/",
  }}, body)
end
response = function(status, headers, body)
  if status == 302 then ok = ok + 1 else refused = refused + 1 end
end
done = function(summary, latency, requests)
  local total_ok, total_refused = 0, 0
  for _, thread in ipairs(threads) do
    total_ok = total_ok + thread:get("ok")
    total_refused = total_refused + thread:get("refused")
  end
  io.write(string.format("SIGNUPS ok=%d refused=%d\\n", total_ok, total_refused))
end
"""
    )
    return script


def run_wrk(options, url, headers=(), script=None):
    command = [
        "wrk",
        f"-t{options.threads}",
        f"-c{options.connections}",
        f"-d{options.duration}s",
        "--timeout",
        "10s",  # a slow page counts in the latencies, not as a socket error
        "--latency",
    ]
    for header in headers:
        command += ["-H", header]
    if script:
        command += ["-s", str(script)]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    return output


def parse_wrk(output):
    def latency_ms(label):
        match = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    signups = re.search(r"SIGNUPS ok=(\d+) refused=(\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": latency_ms("50%"),
        "p99": latency_ms("99%"),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "",
        "signups": (int(signups.group(1)), int(signups.group(2))) if signups else None,
    }


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
        client.get(target["path"], **headers)  # the section menu and the page cache warm up as on the server
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
        f" gunicorn 2 sync workers, PostgreSQL, Redis; each target run {options.runs} times (run 1 / run 2 ...)\n"
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
