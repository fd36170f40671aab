"""Membership pages are valid HTML (Nu Html Checker) and need no inline script or style, so they work
under the strict Content-Security-Policy."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.template import Context, Template
from django.test import Client

from membership import tokens
from tests.membership.conftest import form_data, last_link, run_queue

VNU_JAR = (
    Path(__file__).resolve().parent.parent / "e2e" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)


@pytest.fixture
def pages(client, tier, sign_up):
    rendered = {
        "join": client.get("/membership/join/"),
        "join-with-errors": client.post(
            "/membership/join/", form_data(name="", tier="custom", amount="x", privacy=None)
        ),
    }
    sign_up()
    run_queue()
    rendered["sent"] = client.get("/membership/join/sent/")
    rendered["confirm"] = client.get(last_link("confirm"))
    rendered["manage"] = client.get(last_link("manage"))
    rendered["bad-link"] = client.get("/membership/confirm/bad/")
    rendered["manage-request"] = client.get("/membership/manage/")
    rendered["start"] = Client().post(
        "/membership/join/start/",
        {
            "tier": "supporter",
            "frequency": "monthly",
            "currency": "MKD",
            "started": tokens.form_timing_token(),
        },
    )
    html = {name: response.content.decode() for name, response in rendered.items()}
    compact = Template("{% load membership %}{% membership_compact_form %}").render(Context({}))
    html["compact-in-a-page"] = html["sent"].replace('<main id="main">', '<main id="main">' + compact)
    return html


@pytest.mark.django_db
def test_membership_pages_have_no_inline_script_or_style(pages):
    for name, html in pages.items():
        assert " style=" not in html and "<style" not in html, name
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), name


@pytest.mark.django_db
def test_membership_pages_are_valid_html(pages, tmp_path):
    if not (VNU_JAR.exists() and shutil.which("java")):
        pytest.skip(
            "The Nu Html Checker is installed by the e2e setup (tests/e2e, npm install) and needs Java."
        )
    for name, html in pages.items():
        (tmp_path / f"{name}.html").write_text(html)
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", *sorted(map(str, tmp_path.glob("*.html")))],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
