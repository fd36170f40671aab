"""The SQLite triggers of 0002 (a quote's source is of its own article), dropped and made again around a
migration that makes SQLite rebuild a table they name. PostgreSQL's composite foreign key needs nothing."""

import importlib

from django.db import migrations

_0002_triggers = importlib.import_module("sourcing.migrations.0002_quote_source_same_article")


def _on_sqlite(action):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            action(schema_editor)

    return run


def _drop(schema_editor):
    for name in _0002_triggers.SQLITE_TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name};")


def drop():
    return migrations.RunPython(_on_sqlite(_drop), _on_sqlite(_0002_triggers.create_sqlite_triggers))


def create():
    return migrations.RunPython(_on_sqlite(_0002_triggers.create_sqlite_triggers), _on_sqlite(_drop))
