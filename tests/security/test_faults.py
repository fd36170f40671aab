"""PostgreSQL restarted under live traffic: gunicorn answers 503 quickly meanwhile and recovers by itself.

This stops the machine's real PostgreSQL cluster for a few seconds, which breaks anything else using it at
that moment, so it runs only in CI (CI=1) or when asked (NEWSROOM_RUN_FAULT_TESTS=1), and only in the
PostgreSQL pass (DATABASE_URL=postgres://...). It serves a dedicated database, newsroom_faults.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connections

ROOT = Path(__file__).resolve().parents[2]
DATABASE = "newsroom_faults"
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"


def _why_not():
    if not (os.environ.get("CI") or os.environ.get("NEWSROOM_RUN_FAULT_TESTS") == "1"):
        return "restarts the shared PostgreSQL: runs only with CI=1 or NEWSROOM_RUN_FAULT_TESTS=1"
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return "needs PostgreSQL (runs in the DATABASE_URL=postgres://... pass)"
    if shutil.which("pg_ctlcluster") is None or not Path("/etc/postgresql").is_dir():
        return "pg_ctlcluster is not available to restart the cluster"
    if os.geteuid() != 0:
        return "restarting the cluster needs root"
    return None


pytestmark = pytest.mark.skipif(_why_not() is not None, reason=_why_not() or "")


def cluster(action):
    version = sorted(os.listdir("/etc/postgresql"))[0]
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action]
    if action == "stop":
        command += ["--", "-m", "fast"]
    subprocess.run(command, check=True, capture_output=True, timeout=60)


def postgres_ready():
    return subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"]).returncode == 0


def psql(sql):
    subprocess.run(
        ["psql", PG_ADMIN_URL, "-v", "ON_ERROR_STOP=1", "-qc", sql], check=True, capture_output=True
    )


def get(url, timeout=15):
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, time.monotonic() - started


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def live_site(tmp_path):
    psql(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    psql(f'CREATE DATABASE "{DATABASE}"')
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_"))}
    env.update(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
        DJANGO_DEBUG="1",
        MEDIA_ROOT=str(tmp_path / "media"),
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="2",
        GUNICORN_TIMEOUT="30",
    )
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "--config", "gunicorn.conf.py", "newsroom.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(60):
            try:
                if get(base + "/healthz", timeout=2)[0] == 200:
                    break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("gunicorn did not start")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
        if not postgres_ready():
            cluster("start")
        psql(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        # This process's own connections died with the restart; the next test opens fresh ones.
        connections.close_all()


def test_database_restart_gives_quick_503s_then_recovers_without_restarting_gunicorn(live_site):
    # Warm both workers' persistent connections.
    for _ in range(8):
        assert get(live_site + "/")[0] == 200

    cluster("stop")
    try:
        # Pages nobody has asked for yet need the database; the page cache cannot answer them.
        outage = [
            get(live_site + path) for path in ("/search/?q=a1", "/search/?q=a2", "/healthz", "/search/?q=a3")
        ]
    finally:
        cluster("start")
    for status, seconds in outage:
        assert status == 503
        assert seconds < 8, "a request during the outage must fail fast, not hang"

    for _ in range(30):
        if postgres_ready():
            break
        time.sleep(0.5)
    recovered = [get(live_site + "/")[0] for _ in range(10)]
    assert recovered == [200] * 10, recovered
