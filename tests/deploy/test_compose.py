"""The one box: `cp .env.example .env` and `docker compose up -d` give a working site on HTTPS.

Docker cannot run here, so the services run natively with what compose would give them (compose.py):
each must start and pass its own health check, and a photo uploaded in the web service must reach a
reader through the proxy, over HTTPS, as the story page links it.
"""

import json
import os
import re
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.deploy import compose
from tests.deploy.conftest import ROOT, proxy_service, require_caddy

SERVICES = list(compose.Project(ROOT).services)

# An editor's upload, as `docker compose exec web python manage.py shell -c ...` would make it: the photo goes
# through the same checks, re-encoding and renditions as one sent from the admin.
UPLOAD_A_PHOTO_AND_PUBLISH = """
import io, json
from datetime import timedelta
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image as Picture
from articles.models import Article, ArticleAuthor, Author, Image, Section

buffer = io.BytesIO()
Picture.new("RGB", (800, 533), (30, 90, 160)).save(buffer, format="JPEG")
photo = Image(alt_text="The Vardar at dawn")
photo.set_file(SimpleUploadedFile("vardar.jpg", buffer.getvalue(), content_type="image/jpeg"))
photo.save()
story = Article.objects.create(
    headline="The river is clean again",
    standfirst="Five years after the law, the Vardar passes every test.",
    body="<p>The samples came back clean.</p>",
    section=Section.objects.create(name="Environment", slug="environment"),
    lead_image=photo,
    status=Article.Status.PUBLISHED,
    published_at=timezone.now() - timedelta(minutes=5),
)
ArticleAuthor.objects.create(article=story, author=Author.objects.create(name="Ana Petrovska"), position=0)
stored = [photo.file.name] + [rendition["name"] for rendition in photo.renditions]
roots = {"media_root": str(settings.MEDIA_ROOT), "static_root": str(settings.STATIC_ROOT)}
print("PUBLISHED " + json.dumps({"url": story.get_absolute_url(), "stored": stored, **roots}))
"""


class Links(HTMLParser):
    """The addresses a page makes the browser load: images (src, srcset), stylesheets and scripts."""

    def __init__(self):
        super().__init__()
        self.images, self.assets = set(), set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"img", "source"}:
            for candidate in (attrs.get("srcset") or "").split(","):
                if candidate.strip():
                    self.images.add(candidate.split()[0])
            if attrs.get("src"):
                self.images.add(attrs["src"])
        elif tag == "link" and "stylesheet" in (attrs.get("rel") or "") and attrs.get("href"):
            self.assets.add(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.assets.add(attrs["src"])


# What the files say -----------------------------------------------------------------------------------


def variables_read(path):
    text = path.read_text()
    return set(
        re.findall(r"""\b(?:env(?:\.\w+)?|os\.environ\.get|os\.getenv)\(\s*["']([A-Z][A-Z0-9_]*)["']""", text)
    )


def variables_read_by_the_site():
    settings = (ROOT / "newsroom" / "settings").glob("*.py")
    return set().union(*(variables_read(path) for path in [*settings, ROOT / "gunicorn.conf.py"]))


def test_env_example_lists_every_variable_the_site_reads():
    listed = set(compose.read_dotenv(ROOT / ".env.example"))
    read = variables_read_by_the_site()
    assert read - listed == set(), "read from the environment but missing from .env.example"


def test_env_example_lists_only_variables_the_site_or_compose_reads():
    listed = set(compose.read_dotenv(ROOT / ".env.example"))
    read = variables_read_by_the_site()
    interpolated = set(re.findall(r"\$\{?([A-Z][A-Z0-9_]*)", (ROOT / "docker-compose.yml").read_text()))
    assert listed - read - interpolated == set(), "in .env.example, but nothing reads them"


def test_only_the_proxy_is_reachable_from_outside():
    project = compose.Project(ROOT)
    publishing = {
        name: project.published_ports(name) for name in project.services if project.published_ports(name)
    }
    proxies = project.service_with_image("caddy")
    assert proxies, "no proxy service (image caddy) terminates TLS in front of the site"
    assert publishing == {proxies[0]: {80, 443}}, "only the proxy may publish ports: 80 and 443"


def test_image_leaves_out_secrets_and_local_data():
    patterns = compose.dockerignore_patterns(ROOT)
    for path in (".env", "var/newsroom.sqlite3", "var/media/images/a.jpg", ".venv/bin/python", ".git/config"):
        assert compose.ignored(path, patterns), f"{path} would be copied into the image (.dockerignore)"
    assert not compose.ignored(".env.example", patterns)


def test_site_starts_when_the_static_folder_it_is_given_cannot_be_made(tmp_path):
    """The worker never writes static files: settings must not try to make DJANGO_STATIC_ROOT at import."""
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("")
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "k" * 64,
        "DJANGO_ALLOWED_HOSTS": "news.example.org",
        "DJANGO_STATIC_ROOT": str(not_a_folder / "static"),
    }
    result = subprocess.run(
        [sys.executable, "-c", "import newsroom.settings"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-3000:]


# The services, run ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("service", SERVICES)
def test_service_starts_and_passes_its_health_check(box, project, service):
    if project.image(service) == "caddy":
        require_caddy()
    box.up(service)
    if project.healthcheck(service):
        box.wait_healthy(service)
    else:  # nothing to ask it: it must at least stay up, as `restart: unless-stopped` would hide otherwise
        process = box.processes.get(service)
        if process:
            time.sleep(max(0.0, process.started + 2 - time.monotonic()))
        box.assert_running(service)


@pytest.fixture(scope="module")
def story(box):
    """A story with a photo, published through the web service."""
    box.up("web")
    box.wait_healthy("web")
    result = box.exec("web", ["python", "manage.py", "shell", "-c", UPLOAD_A_PHOTO_AND_PUBLISH])
    published = [line for line in result.stdout.splitlines() if line.startswith("PUBLISHED ")]
    assert result.returncode == 0 and published, result.stdout[-2000:] + result.stderr[-3000:]
    return json.loads(published[-1].removeprefix("PUBLISHED "))


def test_web_keeps_photos_and_static_files_on_volumes_its_user_owns_and_the_proxy_serves(box, project, story):
    web_volumes = {target: source for source, target, named in project.mounts("web") if named}
    proxy_volumes = {source for source, _target, named in project.mounts(proxy_service(project)) if named}
    user = project.dockerfile.user
    for setting, native in (("MEDIA_ROOT", story["media_root"]), ("STATIC_ROOT", story["static_root"])):
        path = box.container_path("web", native)
        mount = next(
            (target for target in web_volumes if path == target or path.startswith(target + "/")), None
        )
        assert mount, (
            f"web's {setting} is {path}, on no volume: in the container its user {user} cannot make it, "
            f"and nothing would keep or serve its files (web's volumes: {web_volumes})"
        )
        assert project.dockerfile.owner(mount) == user, (
            f"{mount} ({setting}) belongs to root in the image, so the volume mounted there does too, "
            f"and web's user {user} cannot write to it (chown it in the Dockerfile)"
        )
        assert web_volumes[mount] in proxy_volumes, f"the proxy does not mount the volume of {setting}"


def test_worker_runs_the_daily_jobs_and_the_email_queue(box):
    box.up("worker")
    deadline = time.monotonic() + 45
    while "member(s) lapsed" not in box.log("worker") or "Starting worker" not in box.log("worker"):
        box.assert_running("worker")
        assert time.monotonic() < deadline, f"the worker did not get going:\n{box.log('worker')}"
        time.sleep(0.5)
    assert "Traceback" not in box.log("worker", tail=100_000), box.log("worker")


# Through the proxy -----------------------------------------------------------------------------------------


def test_uploaded_photo_reaches_readers_over_https_through_the_proxy(box, site, story):
    page = site.get(story["url"])
    assert page.status == 200, f"{story['url']}: {page.status} {page.headers.get('location', '')}"
    links = Links()
    links.feed(page.text)
    photos = {url for url in links.images if url.startswith("/media/")}
    assert photos, f"the story page shows no photo from /media/: {sorted(links.images)}"
    media_root = Path(story["media_root"])
    for url in sorted(photos):
        response = site.get(url)
        assert response.status == 200, f"{url}: {response.status}"
        assert response.headers["content-type"] in {"image/avif", "image/webp", "image/jpeg"}, url
        assert response.body == (media_root / url.removeprefix("/media/")).read_bytes(), url
    assert {url.removeprefix("/media/") for url in photos} <= set(story["stored"])


def test_story_page_comes_over_https_with_its_static_files(site, story):
    page = site.get(story["url"])
    assert page.status == 200
    # Django sends HSTS on secure requests only: it believed the proxy's X-Forwarded-Proto.
    assert "max-age=" in page.headers.get("strict-transport-security", ""), page.headers
    links = Links()
    links.feed(page.text)
    assets = {url for url in links.assets if url.startswith("/static/")}
    assert assets, "the page links no stylesheet or script under /static/"
    for url in sorted(assets):
        response = site.get(url, headers={"Accept-Encoding": "gzip"})
        assert response.status == 200, f"{url}: {response.status}"
        assert "immutable" in response.headers.get("cache-control", ""), (url, response.headers)
        assert response.headers.get("content-encoding") == "gzip", (url, response.headers)


def test_missing_photo_is_a_404_that_is_not_cached(site):
    response = site.get("/media/images/00/missing.jpg")
    assert response.status == 404
    assert response.headers.get("cache-control") == "no-store"


def test_plain_http_is_redirected_to_https(site):
    response = site.get("/some/page/?q=1", https=False)
    location = response.headers.get("location", "")
    assert response.status in {301, 308}
    assert location.startswith(f"https://{site.host}") and location.endswith("/some/page/?q=1"), location


def test_proxy_gives_django_the_scheme_and_the_readers_address_not_what_the_reader_claims(proxy_to_echo):
    response = proxy_to_echo.get("/", headers={"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "http"})
    assert response.status == 200
    seen = json.loads(response.body)
    assert seen["x-forwarded-proto"] == "https"  # SECURE_PROXY_SSL_HEADER and gunicorn's secure scheme
    assert seen["x-forwarded-for"] == "127.0.0.1"  # NEWSROOM_TRUSTED_PROXIES=1 takes the last entry
    assert seen["host"] == proxy_to_echo.host
