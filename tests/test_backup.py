"""`make backup` and `make restore`, end to end, on the server the tests run on.

A fresh database gets the migrations and some of everything (meetings with attachments, ideas
with a trail that includes a correction, comments, follows); `manage.py backup` writes the backup,
`manage.py restore` refuses the database it came from and restores into a second fresh one on the
same server, and every table, sequence and uploaded file is compared. It runs the scripts as
they are run by hand, in subprocesses, so it works the same on the embedded database and on a
DATABASE_URL server (CI runs both).
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from django.conf import settings
from psycopg import sql

from portal import backups

BASE_DIR = Path(settings.BASE_DIR)

POPULATE = """
from django.core.files.base import ContentFile
from ideas.models import Comment, Follow, Status
from tests.factories import *

group = make_group(name="Gemensam utvecklingsgrupp", slug="gug")
meeting = make_meeting(group=group, agenda_items=3, notice="Välkomna! **Fika** finns.")
make_attendee(meeting, role="ordförande")
make_link(meeting)
make_attachment(meeting)
make_attachment(meeting, file=ContentFile(b"PK\\x03\\x04 en docx", name="underlag år.docx"))
make_meeting(group=group, published=False)
idea = make_idea(group=group, title="Kvällsöppet på mottagningen")
change_status(idea, Status.PREPARING)
rejected = change_status(idea, Status.REJECTED)
change_status(idea, Status.ON_HOLD, corrects=rejected)
representative = make_representative()
author = representative.user
make_comment(idea, author=author, organisation=representative.organisations.get(),
             body='Åäö – "citat", <b>inte fetstil</b> och \\ttab.')
make_comment(idea, state=Comment.State.HIDDEN)
make_comment(idea, state=Comment.State.PENDING)
Follow.objects.create(user=author, idea=idea)
for n in range(25):
    make_idea(group=group)
"""


def _server() -> dict:
    return {**settings.DATABASES["default"], "OPTIONS": {}}


def _env(name: str, media: Path, backup_dir: Path) -> dict:
    """The environment of the site, pointed at database `name` on the same server."""
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    if url := os.getenv("DATABASE_URL"):
        env["DATABASE_URL"] = urlunsplit(urlsplit(url)._replace(path=f"/{name}"))
    else:
        env["EMBEDDED_DB_NAME"] = name
    env |= {"MEDIA_ROOT": str(media), "BACKUP_DIR": str(backup_dir), "DATABASE_POOL": "false"}
    return env


def _run(command: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *command], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )


def _contents(name: str) -> dict:
    """Every table's row count, a digest of all its rows and its first rows; every sequence."""
    found = {}
    with backups._connect(_server() | {"NAME": name}) as conn, conn.cursor() as cursor:
        cursor.execute("SET TIME ZONE 'UTC'")
        for schema, table in backups._tables(cursor):
            relation = sql.SQL("{}.{}").format(sql.Identifier(schema), sql.Identifier(table))
            cursor.execute(
                sql.SQL(
                    "SELECT count(*), md5(string_agg(md5(t::text), '' ORDER BY md5(t::text)))"
                    " FROM {} AS t"
                ).format(relation)
            )
            count, digest = cursor.fetchone()
            cursor.execute(
                sql.SQL("SELECT t::text FROM {} AS t ORDER BY 1 LIMIT 5").format(relation)
            )
            found[f"{schema}.{table}"] = (count, digest, [row[0] for row in cursor.fetchall()])
        cursor.execute("SELECT schemaname, sequencename, last_value FROM pg_sequences")
        found["sequences"] = sorted(cursor.fetchall())
    return found


def _files(root: Path) -> dict:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def databases():
    """Two new, empty databases on the test server, dropped afterwards."""
    names = [f"oppnasoc_backup_{secrets.token_hex(4)}" for _ in range(2)]
    with backups._connect(_server() | {"NAME": "postgres"}, autocommit=True) as conn:
        for name in names:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield names
    with backups._connect(_server() | {"NAME": "postgres"}, autocommit=True) as conn:
        for name in names:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def test_backup_and_restore_into_a_fresh_database(databases, tmp_path):
    source, target = databases
    backup_dir = tmp_path / "backups"
    env = _env(source, tmp_path / "media", backup_dir)
    for command in (["manage.py", "migrate", "--no-input"], ["manage.py", "shell", "-c", POPULATE]):
        result = _run(command, env)
        assert result.returncode == 0, result.stderr

    result = _run(["manage.py", "backup"], env)
    assert result.returncode == 0, result.stderr
    (folder,) = backup_dir.iterdir()
    assert f"Backup written to {folder}" in result.stdout
    assert sorted(p.name for p in folder.iterdir()) == [
        "database.dump",
        "manifest.json",
        "media.tar.gz",
    ]
    assert folder.stat().st_mode & 0o077 == 0  # only its owner can read it
    manifest = json.loads((folder / "manifest.json").read_text())
    before = _contents(source)
    tables = manifest["database"]["tables"]
    assert tables == {table: value[0] for table, value in before.items() if table != "sequences"}
    assert tables["public.ideas_idea"] == 26
    assert tables["public.ideas_statuschange"] == 29
    assert tables["public.meetings_attachment"] == 2
    assert manifest["media"]["files"] == 2

    # The database it came from has tables: refused, and nothing changes.
    result = _run(["manage.py", "restore", str(folder)], env)
    assert result.returncode == 1
    assert "is not empty" in result.stderr
    assert "nothing was changed" in result.stderr
    assert _contents(source) == before

    restored_media = tmp_path / "restored-media"
    result = _run(["manage.py", "restore", str(folder)], _env(target, restored_media, backup_dir))
    assert result.returncode == 0, result.stderr
    assert "every table has the rows the backup counted" in result.stdout
    assert _contents(target) == before
    assert _files(restored_media) == _files(tmp_path / "media")

    # The restored database is complete for Django, and the trail is append-only again.
    result = _run(["manage.py", "migrate", "--check"], _env(target, restored_media, backup_dir))
    assert result.returncode == 0, result.stdout + result.stderr
    with (
        backups._connect(_server() | {"NAME": target}) as conn,
        pytest.raises(psycopg.errors.RestrictViolation, match="append-only"),
    ):
        conn.execute("UPDATE ideas_statuschange SET explanation = 'ändrad'")


def test_a_damaged_or_incomplete_backup_is_refused(tmp_path):
    folder = tmp_path / "backup"
    folder.mkdir()
    with pytest.raises(backups.BackupError, match=r"has no manifest\.json"):
        backups.read_manifest(folder)
    (folder / "database.dump").write_bytes(b"PGDMP")
    (folder / "media.tar.gz").write_bytes(b"")
    manifest = {
        "files": {
            "database.dump": {"sha256": "0" * 64, "bytes": 5},
            "media.tar.gz": {"sha256": "0" * 64, "bytes": 0},
        }
    }
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(backups.BackupError, match="does not match its checksum"):
        backups.read_manifest(folder)
    (folder / "database.dump").unlink()
    with pytest.raises(backups.BackupError, match="is missing"):
        backups.read_manifest(folder)


def test_restore_refuses_a_media_folder_that_has_files(tmp_path, databases):
    media = tmp_path / "media"
    (media / "moten").mkdir(parents=True)
    (media / "moten" / "gammal.pdf").write_bytes(b"%PDF-")
    with pytest.raises(backups.BackupError, match="already holds files"):
        backups._check_empty(_server() | {"NAME": databases[0]}, media)


def test_the_dump_and_the_manifest_are_one_snapshot_whatever_is_written_meanwhile(
    databases, tmp_path, settings, monkeypatch
):
    """Rows written while the backup runs are in neither the dump nor the counts."""
    source, target = databases
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setenv("BACKUP_DIR", str(tmp_path / "backups"))
    with backups._connect(_server() | {"NAME": source}, autocommit=True) as conn:
        conn.execute("CREATE TABLE anteckning (id serial PRIMARY KEY, text text)")
        conn.execute("INSERT INTO anteckning (text) VALUES ('ett'), ('två'), ('tre')")

    count_rows = backups.row_counts

    def count_then_write(cursor):
        counts = count_rows(cursor)
        with backups._connect(_server() | {"NAME": source}, autocommit=True) as writer:
            writer.execute("INSERT INTO anteckning (text) VALUES ('fyra'), ('fem')")
        return counts

    monkeypatch.setattr(backups, "row_counts", count_then_write)
    monkeypatch.setattr(backups, "_database", lambda: _server() | {"NAME": source})
    folder = backups.backup()
    monkeypatch.setattr(backups, "row_counts", count_rows)
    monkeypatch.setattr(backups, "_database", lambda: _server() | {"NAME": target})
    manifest = backups.restore(folder)  # compares the restored rows with the manifest
    assert manifest["database"]["tables"] == {"public.anteckning": 3}
    assert _contents(target)["public.anteckning"][0] == 3
    assert _contents(source)["public.anteckning"][0] == 5
