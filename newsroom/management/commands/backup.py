"""`manage.py backup`: the database (pg_dump, custom format) and the media folder (tar.gz), side by side."""

import os
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils import timezone


def postgres_environment(alias="default"):
    """pg_dump/pg_restore arguments and environment for a Django database, without the password on argv."""
    database = settings.DATABASES[alias]
    if database["ENGINE"] != "django.db.backends.postgresql":
        raise CommandError(
            "Backups need PostgreSQL (DATABASE_URL=postgres://...); this site uses another database."
        )
    env = {**os.environ}
    args = []
    if database.get("HOST"):
        args += ["--host", str(database["HOST"])]
    if database.get("PORT"):
        args += ["--port", str(database["PORT"])]
    if database.get("USER"):
        args += ["--username", str(database["USER"])]
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = str(database["PASSWORD"])
    return args, env, database["NAME"]


class Command(BaseCommand):
    help = "Write a database dump and a media archive to a folder (default var/backups)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            default=str(settings.VAR_DIR / "backups") if hasattr(settings, "VAR_DIR") else "backups",
        )
        parser.add_argument("--name", help="Base name of the two files (default: the current UTC time).")

    def handle(self, *args, output, name=None, **options):
        folder = Path(output)
        folder.mkdir(parents=True, exist_ok=True)
        name = name or timezone.now().strftime("newsroom-%Y%m%dT%H%M%SZ")
        dump, media = folder / f"{name}.dump", folder / f"{name}-media.tar.gz"
        connection_args, env, database_name = postgres_environment()
        connections.close_all()
        result = subprocess.run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                "--file",
                str(dump),
                *connection_args,
                database_name,
            ],
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
        media_root = Path(settings.MEDIA_ROOT)
        with tarfile.open(media, "w:gz") as archive:
            if media_root.exists():
                archive.add(media_root, arcname="media")
        self.stdout.write(f"{dump}\n{media}")
