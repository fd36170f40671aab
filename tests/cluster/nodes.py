"""Production-shaped app nodes (gunicorn) and Varnish in front of them, on loopback.

Shared by tests/cluster/test_app_nodes.py and `make cluster` (bench/cluster.py); plain Python, no pytest,
so the script can import it. Each node is its own gunicorn with DEBUG off, as a separate machine would run
it: the nodes share only what the environment names (the database and Redis).
"""

import os
import secrets
import shutil
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

from tests.cluster.postgres import free_port

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
PYTHON = ROOT / ".venv" / "bin" / "python"
VCL = ROOT / "deploy" / "varnish" / "default.vcl"


def node_environment(*, database_url, redis_url, static_root, cache_prefix=None, **extra):
    """The environment of every node of one site: one secret key, one database, one Redis and prefix."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DATABASE_REPLICA_URL", "NEWSROOM_PURGE_URLS", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_STATIC_ROOT=str(static_root),
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        DJANGO_CACHE_PREFIX=cache_prefix or f"cluster-{secrets.token_hex(4)}",
    )
    env.update({name: str(value) for name, value in extra.items()})
    return env


def collect_static(env):
    """DEBUG off serves hashed static files from a manifest, which collectstatic writes."""
    subprocess.run(
        [str(PYTHON), str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"],
        cwd=ROOT, env=env, check=True, timeout=300,
    )  # fmt: skip


def wait_for(url, process, *, within=60.0, what="server"):
    deadline = time.monotonic() + within
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{what} did not start (exit {process.poll()})") from None
            time.sleep(0.2)


class AppNode:
    """One gunicorn on a free loopback port; `url` once started."""

    def __init__(self, env, *, log_path, workers=2):
        self.env, self.log_path, self.workers = env, Path(log_path), workers
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None

    def start(self):
        self.log = self.log_path.open("w")
        # --max-requests 0: gunicorn.conf.py's recycling would restart workers every few seconds under load.
        self.process = subprocess.Popen(
            [str(GUNICORN), "--config", str(ROOT / "gunicorn.conf.py"), "--bind", f"127.0.0.1:{self.port}",
             "--workers", str(self.workers), "--max-requests", "0", "newsroom.wsgi"],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            wait_for(self.url + "/healthz", self.process, what=f"gunicorn (see {self.log_path})")
        except RuntimeError:
            self.stop()
            raise
        return self

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process:
            self.log.close()


def varnishd():
    return shutil.which("varnishd") or shutil.which("varnishd", path="/usr/sbin")


def vcl_for(ports):
    """deploy/varnish/default.vcl in front of the app on `ports`: its one backend moved to the port for one,
    replaced by a round-robin director over them for several."""
    vcl = VCL.read_text()
    start = vcl.index("backend app {")
    end = vcl.index("\n}\n", start) + 3
    template = vcl[start:end]
    if len(ports) == 1:
        return vcl[:start] + template.replace('.port = "8000";', f'.port = "{ports[0]}";') + vcl[end:]
    backends = "".join(
        template.replace("backend app {", f"backend app{n} {{").replace(
            '.port = "8000";', f'.port = "{port}";'
        )
        for n, port in enumerate(ports)
    )
    director = (
        "import directors;\n\nsub vcl_init {\n    new nodes = directors.round_robin();\n"
        + "".join(f"    nodes.add_backend(app{n});\n" for n in range(len(ports)))
        + "}\n\n# Varnish joins subs of one name in order: this part runs first.\n"
        + "sub vcl_recv {\n    set req.backend_hint = nodes.backend();\n}\n"
    )
    return vcl[:start] + backends + director + vcl[end:]


class Varnish:
    """varnishd in the foreground in front of the app on `backend_ports`, its instance in `work_dir` (for
    varnishstat -n), `url` once started. The one way tests/cluster and bench/cluster.py start Varnish."""

    def __init__(self, backend_ports, work_dir, *, memory="64m"):
        self.work_dir = Path(work_dir)
        self.work_dir.mkdir(parents=True, exist_ok=True)
        self.vcl = self.work_dir / "cluster.vcl"
        self.vcl.write_text(vcl_for(backend_ports))
        self.port, self.memory = free_port(), memory
        self.url = f"http://127.0.0.1:{self.port}"
        self.instance = self.work_dir / "instance"
        self.process = None

    def start(self):
        self.log = (self.work_dir / "varnishd.log").open("w")
        self.process = subprocess.Popen(
            [varnishd(), "-F", "-j", "none", "-n", str(self.instance), "-a", f"127.0.0.1:{self.port}",
             "-f", str(self.vcl), "-s", f"malloc,{self.memory}", "-T", "none"],
            stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            wait_for(self.url + "/healthz", self.process, within=30, what=f"varnishd (see {self.log.name})")
        except RuntimeError:
            self.stop()
            raise
        return self

    def counters(self, *names):
        output = subprocess.run(
            ["varnishstat", "-1", "-n", str(self.instance), *(f"-f{name}" for name in names)],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        return {line.split()[0]: int(line.split()[1]) for line in output.splitlines() if line.strip()}

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process:
            self.log.close()
