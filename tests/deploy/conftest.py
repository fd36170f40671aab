"""The one-box deployment brought up on this machine: docker-compose.yml's services run natively
(tests/deploy/compose.py says how), and an HTTPS client that reaches the site through the proxy.

The proxy is the machine's Caddy (Debian's `caddy`, installed by scripts/e2e-prereqs.sh, which `make test`
runs); PostgreSQL and Redis are the machine's servers on 127.0.0.1. When one of them is missing the tests
that need it skip with the reason, except in CI (CI set), where they fail, as the browser tests do.
"""

import contextlib
import http.client
import os
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.deploy import compose

ROOT = Path(__file__).resolve().parents[2]


def in_ci():
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def unavailable(reason):
    """Skip the test, or fail it in CI, where the compose test must run."""
    hint = "run `make e2e-prereqs` (or scripts/e2e-prereqs.sh) to install the proxy"
    if in_ci():
        pytest.fail(f"{reason}; CI is set, so the compose test may not be skipped ({hint})", pytrace=False)
    pytest.skip(f"{reason} ({hint})")


@pytest.fixture(scope="package")
def deploy_folder():
    folder = Path(tempfile.mkdtemp(prefix="newsroom-compose-"))
    yield folder
    # Thousands of collected static files: deleting them takes seconds that no test needs to wait for.
    subprocess.Popen(
        ["rm", "-rf", str(folder)],
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.fixture(scope="package")
def project(deploy_folder):
    """The repo's compose project, with `.env` made from `.env.example` as the README says."""
    return compose.Project(ROOT, dotenv=compose.filled_dotenv(ROOT / ".env.example", deploy_folder))


@pytest.fixture(scope="package")
def box(project, deploy_folder):
    if not compose.postgres_available():
        unavailable(f"PostgreSQL does not answer at {compose.POSTGRES_ADMIN_URL}")
    if not compose.redis_available():
        unavailable("Redis does not answer at 127.0.0.1:6379")
    with compose.Box(project, deploy_folder / "box") as running:
        yield running


def require_caddy():
    if not shutil.which("caddy"):
        unavailable("Caddy is not installed (the `caddy` command; Debian's package `caddy`)")


@dataclass
class Response:
    status: int
    headers: dict  # lower-case names
    body: bytes

    @property
    def text(self):
        return self.body.decode("utf-8", errors="replace")


class Site:
    """A client of the site as readers reach it: the proxy's published ports, the site's host name."""

    def __init__(self, host, https_port, http_port, certificate_authority):
        self.host, self.https_port, self.http_port = host, https_port, http_port
        self.certificate_authority = certificate_authority

    def get(self, path, *, https=True, headers=None, timeout=15):
        deadline = time.monotonic() + timeout
        while True:
            try:
                return self._get(path, https=https, headers=headers or {})
            except (OSError, ssl.SSLError, http.client.HTTPException):
                # Caddy takes a moment to listen and to issue its certificate.
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)

    def _get(self, path, *, https, headers):
        if https:
            context = ssl.create_default_context(cafile=str(self.certificate_authority))
            connection = _PinnedHTTPSConnection(self.host, self.https_port, context=context, timeout=10)
        else:
            connection = http.client.HTTPConnection("127.0.0.1", self.http_port, timeout=10)
        try:
            connection.request("GET", path, headers={"Host": self.host, **headers})
            response = connection.getresponse()
            body = response.read()
            return Response(response.status, {k.lower(): v for k, v in response.getheaders()}, body)
        finally:
            connection.close()


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to 127.0.0.1, with the site's name for TLS (SNI and the certificate check) and Host."""

    def connect(self):
        raw = socket.create_connection(("127.0.0.1", self.port), self.timeout)
        self.sock = self._context.wrap_socket(raw, server_hostname=self.host)


def start_proxy(box, service):
    """Starts the proxy service and returns a Site that reaches it once its local CA has a certificate."""
    require_caddy()
    box.up(service)
    site_url = box.environment(service).get("NEWSROOM_SITE_URL") or ""
    host = site_url.split("://")[-1].split("/")[0].split(":")[0]
    certificate_authority = box.caddy_root_certificate(service)
    deadline = time.monotonic() + 20
    while not certificate_authority.exists():
        box.assert_running(service)
        if time.monotonic() > deadline:
            raise compose.ComposeError(f"Caddy made no local CA in 20 s:\n{box.log(service)}")
        time.sleep(0.2)
    return Site(host, box.port(service, 443), box.port(service, 80), certificate_authority)


def proxy_service(project):
    services = project.service_with_image("caddy")
    if not services:
        names = ", ".join(project.services)
        pytest.fail(
            f"docker-compose.yml has no proxy service (image caddy) in front of the site; it has: {names}"
        )
    return services[0]


@pytest.fixture(scope="package")
def site(box, project):
    return start_proxy(box, proxy_service(project))


@pytest.fixture
def echo_upstream():
    """A stand-in for gunicorn that answers every request with the headers it was sent."""
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Echo(BaseHTTPRequestHandler):
        def do_GET(self):
            body = json.dumps({key.lower(): value for key, value in self.headers.items()}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.fixture
def proxy_to_echo(project, echo_upstream, deploy_folder):
    """The proxy service alone (`docker compose up --no-deps`), its upstream replaced by `echo_upstream`."""
    service = proxy_service(project)
    stand_ins = dict.fromkeys(project.dependencies(service), echo_upstream)
    alone = compose.Box(
        project, Path(tempfile.mkdtemp(prefix="proxy-", dir=deploy_folder)), stand_ins=stand_ins
    )
    try:
        alone.up(service, with_dependencies=False)
        yield start_proxy(alone, service)
    finally:
        with contextlib.suppress(Exception):
            alone.down()
