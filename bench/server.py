"""The server under load: a production-shaped gunicorn on the seeded benchmark database, and its memory."""

import os
import secrets
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
BYPASS = "X-Bench-Bypass"


def log(message):
    print(message, file=sys.stderr, flush=True)


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
