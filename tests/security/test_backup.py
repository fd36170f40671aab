"""A backup made with django-dbbackup's commands (what `make backup` runs) restores into an empty database whole.

The backup is taken here, from the test database (on SQLite it lives in this process's memory); the restore
runs as `make restore` does, in another process pointed at an empty database and an empty media folder,
and a third process counts the rows there.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from tests import factories

ROOT = Path(__file__).resolve().parents[2]
ON_POSTGRESQL = connection.vendor == "postgresql"

COUNT_ROWS = """
import json, django
django.setup()
from django.apps import apps
print(json.dumps({m._meta.label: m._default_manager.count() for m in apps.get_models()
                  if m._meta.app_label in ("articles", "sourcing", "membership", "auth")}))
"""

pytestmark = [
    # serialized_rollback: the flush after this test must not leave the data migrations' rows missing for
    # the transactional tests that follow.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(ON_POSTGRESQL and shutil.which("pg_dump") is None, reason="pg_dump is not installed"),
]


def counts_here():
    from django.apps import apps

    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if m._meta.app_label in ("articles", "sourcing", "membership", "auth")
    }


@pytest.fixture
def empty_database_url(tmp_path):
    """The address of a database with nothing in it: a new PostgreSQL database, or an SQLite file not yet made."""
    if not ON_POSTGRESQL:
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"{connection.settings_dict['NAME']}_restore"[:60]
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    params = settings.DATABASES["default"]
    auth = params["USER"] + (f":{params['PASSWORD']}" if params.get("PASSWORD") else "")
    yield f"postgres://{auth}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/{name}"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_manage(*args, env_overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_TEST")}
    env.update(env_overrides)
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_backup_restores_into_an_empty_database_with_every_row_and_image(tmp_path, empty_database_url):
    story = factories.article(lead_image=factories.image(), tags=[factories.tag()])
    factories.correction(story)
    factories.article(published=False, body="<p>Draft with <strong>ćирилица</strong> and “quotes”.</p>")
    _add_quotes_and_members(story)
    expected = counts_here()
    assert expected["articles.Article"] == 2
    assert expected["membership.Member"] == 2 and expected["membership.Payment"] == 2

    # What `make backup` runs, with the file names it gives.
    dump, media = tmp_path / "nightly.dump", tmp_path / "nightly-media.tar.gz"
    call_command("dbbackup", "--noinput", "--quiet", "--database", "default", "--output-path", str(dump))
    call_command("mediabackup", "--noinput", "--quiet", "--compress", "--output-path", str(media))
    assert dump.stat().st_size > 0 and media.stat().st_size > 0

    # What `make restore DUMP=.../nightly.dump` runs, against an empty database and media folder.
    restored_media = tmp_path / "restored-media"
    target = {"DATABASE_URL": empty_database_url, "MEDIA_ROOT": str(restored_media)}
    run_manage(
        "dbrestore", "--noinput", "--database", "default", "--input-path", str(dump), env_overrides=target
    )
    run_manage(
        "mediarestore",
        "--noinput",
        "--uncompress",
        "--replace",
        "--input-path",
        str(media),
        env_overrides=target,
    )

    env = {**os.environ, **target, "DJANGO_SETTINGS_MODULE": "newsroom.settings"}
    result = subprocess.run(
        [sys.executable, "-c", COUNT_ROWS], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == expected

    stored = story.lead_image.file.name
    assert (restored_media / stored).read_bytes() == (Path(settings.MEDIA_ROOT) / stored).read_bytes()
    for rendition in story.lead_image.renditions:
        assert (restored_media / rendition["name"]).is_file()


def test_backups_without_a_path_are_kept_out_of_the_public_media_folder(settings):
    from dbbackup.storage import get_storage

    location = Path(get_storage().storage.location).resolve()
    assert location == (Path(settings.VAR_DIR) / "backups").resolve()
    assert not location.is_relative_to(Path(settings.MEDIA_ROOT).resolve())


def _add_quotes_and_members(story):
    """Quotes, and members with their history and payments: all must come back from a backup."""
    import datetime
    from decimal import Decimal

    from membership import services as membership
    from membership.models import Currency, Member
    from tests.sourcing import factories as sourcing

    sourcing.quote(story)
    sourcing.quote(story, text="Ѓорѓи рече: „Нема коментар.“")
    # get_or_create: a transactional test that ran before this one may have flushed the migrations' rows.
    denars, _ = Currency.objects.get_or_create(code="MKD", defaults={"name": "Macedonian denar"})
    for email, name in [("ana@example.org", "Ана Петровска"), ("besa@example.org", "Besa Krasniqi")]:
        member = Member.objects.create(
            email=email, name=name, country="MK", amount=Decimal("300"), currency=denars, frequency="monthly"
        )
        membership.payment_record(
            member=member,
            amount=Decimal("300"),
            currency=denars,
            paid_on=datetime.date(2026, 11, 1),
            notify=False,
        )
