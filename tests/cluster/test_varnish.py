"""A real Varnish (Debian's, with varnish-modules' xkey) in front of a live app, run with deploy/varnish/
default.vcl: public pages are kept and served from it, a session passes through, and publishing a change
purges exactly the story's page and the home page, while an unrelated story's page stays cached.

Without varnishd (apt-get install varnish varnish-modules; scripts/e2e-prereqs.sh does in `make test`) the
module is skipped, except in CI, where it must run.
"""

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests import factories

pytestmark = [pytest.mark.cluster, pytest.mark.varnish]

VCL = Path(__file__).resolve().parents[2] / "deploy" / "varnish" / "default.vcl"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def varnish(live_server, settings, tmp_path):
    varnishd = shutil.which("varnishd") or shutil.which("varnishd", path="/usr/sbin")
    if varnishd is None:
        if os.environ.get("CI"):
            pytest.fail("CI needs varnishd (apt-get install varnish varnish-modules; scripts/e2e-prereqs.sh)")
        pytest.skip("no varnishd: apt-get install varnish varnish-modules")
    backend_port = live_server.url.rsplit(":", 1)[1]
    vcl = tmp_path / "test.vcl"
    vcl.write_text(VCL.read_text().replace('.port = "8000";', f'.port = "{backend_port}";'))
    port = free_port()
    process = subprocess.Popen(
        [varnishd, "-F", "-j", "none", "-n", str(tmp_path / "work"), "-a", f"127.0.0.1:{port}",
         "-f", str(vcl), "-s", "malloc,32m", "-T", "none"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    process.kill()
                    pytest.fail(f"varnishd did not start: {process.stdout.read().decode()}")
                time.sleep(0.1)
        settings.PURGE_URLS = [f"varnish://127.0.0.1:{port}"]
        settings.ALLOWED_HOSTS = ["*"]
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def get(url, cookie=None):
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers, response.read().decode()


def served_from_cache(headers):
    # Varnish names two transactions in X-Varnish on a hit (this one and the one that stored the page).
    return len(headers["X-Varnish"].split()) == 2


@pytest.fixture
def stories(django_db_serialized_rollback, transactional_db):
    return factories.article(headline="Bridge reopens"), factories.article(headline="Market moves")


def test_a_public_page_is_fetched_once_then_served_from_varnish(varnish, stories):
    story, _other = stories
    first, _ = get(varnish + story.get_absolute_url())
    second, body = get(varnish + story.get_absolute_url())

    assert not served_from_cache(first)
    assert served_from_cache(second)
    assert "Age" in second and "Bridge reopens" in body
    assert "xkey" not in second  # the keys are for the proxy only


def test_a_reader_with_a_session_always_gets_the_app(varnish, stories):
    story, _other = stories
    get(varnish + story.get_absolute_url())

    for _ in range(2):
        headers, _ = get(varnish + story.get_absolute_url(), cookie="sessionid=abc")
        assert not served_from_cache(headers)


def test_publishing_a_change_purges_the_story_and_home_but_not_other_stories(varnish, stories):
    story, other = stories
    for path in (story.get_absolute_url(), "/", other.get_absolute_url()):
        get(varnish + path)
        assert served_from_cache(get(varnish + path)[0]), path

    story.headline = "Bridge reopens after repairs"
    story.save()  # committed at once (a transactional test): the purge goes out on commit

    stale = [
        path
        for path in (story.get_absolute_url(), "/")
        if "Bridge reopens after repairs" not in get(varnish + path)[1]
    ]
    assert stale == []
    assert served_from_cache(get(varnish + other.get_absolute_url())[0])
