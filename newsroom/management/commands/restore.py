"""`manage.py restore DUMP`: load a backup into this site's database and media folder.

The database should be empty (a fresh `createdb`); existing objects are dropped first with --clean so a
restore over an old copy also works. The media archive beside the dump (NAME-media.tar.gz) is unpacked
into MEDIA_ROOT.
"""

import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from newsroom.management.commands.backup import postgres_environment


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` (give the .dump file)."

    def add_arguments(self, parser):
        parser.add_argument("dump", help="The .dump file; its -media.tar.gz beside it is restored too.")
        parser.add_argument("--no-media", action="store_true", help="Restore the database only.")

    def handle(self, *args, dump, no_media=False, **options):
        dump = Path(dump)
        if not dump.is_file():
            raise CommandError(f"No backup at {dump}.")
        media = dump.with_name(dump.name.removesuffix(".dump") + "-media.tar.gz")
        media_root = Path(settings.MEDIA_ROOT)
        connection_args, env, database_name = postgres_environment()
        connections.close_all()
        result = subprocess.run(
            ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--exit-on-error",
             "--dbname", database_name, *connection_args, str(dump)],
            env=env,
            capture_output=True,
            text=True,
        )  # fmt: skip
        if result.returncode != 0:
            raise CommandError(f"pg_restore failed: {result.stderr.strip()}")
        if not no_media and media.is_file():
            media_root.mkdir(parents=True, exist_ok=True)
            with tarfile.open(media, "r:gz") as archive:
                members = [
                    m for m in archive.getmembers() if m.name == "media" or m.name.startswith("media/")
                ]
                for member in members:
                    member.name = member.name.removeprefix("media").lstrip("/") or "."
                archive.extractall(media_root, members=members, filter="data")
        self.stdout.write(
            f"Restored {dump.name} into {database_name}"
            + (f" and {media_root}" if media.is_file() and not no_media else "")
        )
