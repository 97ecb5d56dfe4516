#!/usr/bin/env python
"""Back up the site (database and uploaded files) into a dated folder, and restore it into an empty one.

    python scripts/backup.py backup [--to var/backups]     # make backup
    python scripts/backup.py restore var/backups/<folder>  # make restore FROM=var/backups/<folder>
    python scripts/backup.py check var/backups/<folder>    # does this site hold what the backup holds?

It runs with the site's own settings (``DJANGO_SETTINGS_MODULE`` and the environment, as ``manage.py``
does), so it backs up the database and the storages the site uses:

- PostgreSQL (``DATABASE_URL``): ``pg_dump --format=custom`` into ``database.dump``; restored with
  ``pg_restore`` into the database ``DATABASE_URL`` names, which must be empty (create it first).
- SQLite (the embedded default): SQLite's online backup into ``database.sqlite3``, a consistent copy
  even while the site is writing; restored to the database file, which must not exist yet.
- Files of every storage on local disk (media, and private uploads when they have a root of their
  own): one tar per storage, extracted on restore into that storage's root, which must be empty.
- Object storage (``S3_BUCKET``): the bucket's listing (key, size, ETag) in ``objects-<storage>.json``;
  the objects themselves are kept by the bucket's versioning or replication, which this does not replace.

``manifest.json`` records every submission's reference and every attached file's checksum; ``restore``
ends with ``check``, which reads each file back from the restored site and compares. Restore into
the same version of the code, then run ``manage.py migrate`` if the code is newer.
"""

import argparse
import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


def django_setup():
    sys.path.insert(0, str(PROJECT_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()


def database():
    from django.db import connections

    connection = connections["default"]
    return connection.vendor, connection.settings_dict


def postgres_command(program, settings_dict, *args):
    """``program`` (pg_dump, pg_restore, psql) against the site's database, without the password on the command line."""
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    command = [
        program,
        "--host",
        settings_dict.get("HOST") or "127.0.0.1",
        "--port",
        str(settings_dict.get("PORT") or 5432),
    ]
    if settings_dict.get("USER"):
        command += ["--username", settings_dict["USER"]]
    return [*command, *args], env


def file_storages():
    """The site's storages other than static files, by alias: (alias, storage, local root or None)."""
    from django.conf import settings
    from django.core.files.storage import FileSystemStorage, storages

    found = []
    for alias in settings.STORAGES:
        if alias == "staticfiles":
            continue
        storage = storages[alias]
        root = Path(storage.location) if isinstance(storage, FileSystemStorage) else None
        if root is not None and any(root == other for _, _, other in found):
            continue  # two aliases on one folder: kept once
        found.append((alias, storage, root))
    return found


def bucket_listing(storage):
    """Every object under an S3 storage's location: key, size and ETag."""
    prefix = f"{storage.location.rstrip('/')}/" if storage.location else ""
    return [
        {"key": item.key, "size": item.size, "etag": item.e_tag.strip('"')}
        for item in storage.bucket.objects.filter(Prefix=prefix)
    ]


def manifest():
    """What a restored site must hold again: submissions by reference, attached files by checksum."""
    from learning_city.forms.models import EntryFile, FormEntry

    return {
        "submissions": sorted(FormEntry.objects.exclude(reference=None).values_list("reference", flat=True)),
        "entries": FormEntry.objects.count(),
        "files": sorted(
            [name, sha256, size]
            for name, sha256, size in EntryFile.objects.values_list("file", "sha256", "size").order_by("pk")
        ),
    }


def backup(to):
    django_setup()
    vendor, settings_dict = database()
    folder = Path(to) / datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    folder.mkdir(parents=True)
    # The manifest first: files and rows written after it are in the backup too, never the other way round.
    (folder / "manifest.json").write_text(
        json.dumps({"created_at": datetime.datetime.now().isoformat(), "database": vendor, **manifest()}, indent=1)
    )
    if vendor == "postgresql":
        command, env = postgres_command(
            "pg_dump", settings_dict, "--format=custom", "--no-owner", "--file", str(folder / "database.dump")
        )
        subprocess.run([*command, settings_dict["NAME"]], env=env, check=True)
    elif vendor == "sqlite":
        with sqlite3.connect(settings_dict["NAME"]) as source, sqlite3.connect(folder / "database.sqlite3") as copy:
            source.backup(copy)
    else:
        raise SystemExit(f"no backup for a {vendor} database")
    for alias, storage, root in file_storages():
        if root is not None:
            with tarfile.open(folder / f"files-{alias}.tar", "w") as archive:
                if root.exists():
                    archive.add(root, arcname=".")
        else:
            (folder / f"objects-{alias}.json").write_text(json.dumps(bucket_listing(storage), indent=1))
    print(folder)
    return folder


def _is_empty_database():
    from django.db import connections

    return not connections["default"].introspection.table_names()


def restore(folder):
    django_setup()
    folder = Path(folder)
    vendor, settings_dict = database()
    recorded = json.loads((folder / "manifest.json").read_text())["database"]
    if vendor != recorded:
        raise SystemExit(f"the backup holds a {recorded} database; this site uses {vendor}")
    if vendor == "postgresql":
        if not _is_empty_database():
            raise SystemExit(f"database {settings_dict['NAME']} is not empty: restore into a new, empty database")
        command, env = postgres_command(
            "pg_restore", settings_dict, "--no-owner", "--no-privileges", "--exit-on-error", "--dbname"
        )
        subprocess.run([*command, settings_dict["NAME"], str(folder / "database.dump")], env=env, check=True)
    else:
        target = Path(settings_dict["NAME"])
        if target.exists() and target.stat().st_size:
            raise SystemExit(f"{target} exists: restore into a new, empty database (move it away first)")
        from django.db import connections

        connections["default"].close()
        for suffix in ("-wal", "-shm"):  # a fresh file must not pick up another database's journal
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(folder / "database.sqlite3", target)
    for alias, _storage, root in file_storages():
        archive_path = folder / f"files-{alias}.tar"
        if root is None or not archive_path.exists():
            continue
        if root.exists() and any(root.iterdir()):
            raise SystemExit(f"{root} is not empty: restore files into an empty folder")
        root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(archive_path) as archive:
            archive.extractall(root, filter="data")
    return check(folder)


def check(folder):
    """Every submission and every attached file of the backup is in this site, each file as it was."""
    django_setup()
    from learning_city.forms.models import EntryFile

    recorded = json.loads((Path(folder) / "manifest.json").read_text())
    missing = sorted(set(recorded["submissions"]) - set(manifest()["submissions"]))
    problems = [f"submission {reference}: missing" for reference in missing]
    rows = {item.file.name: item for item in EntryFile.objects.all()}
    files_back = 0
    for name, sha256, size in recorded["files"]:
        item = rows.get(name)
        if item is None:
            problems.append(f"{name}: no row")
            continue
        try:
            with item.file.open("rb") as handle:
                data = handle.read()
        except OSError as error:
            problems.append(f"{name}: {error}")
            continue
        if hashlib.sha256(data).hexdigest() != sha256 or len(data) != size:
            problems.append(f"{name}: not as it was backed up")
            continue
        files_back += 1
    for problem in problems[:50]:
        print(f"!! {problem}")
    print(
        f"{len(recorded['submissions']) - len(missing)}/{len(recorded['submissions'])} submissions and "
        f"{files_back}/{len(recorded['files'])} files back"
    )
    return 1 if problems else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("backup", help="into a dated folder under --to")
    make.add_argument("--to", default=str(PROJECT_DIR / "var" / "backups"))
    for name in ("restore", "check"):
        commands.add_parser(name).add_argument("folder")
    args = parser.parse_args()
    if args.command == "backup":
        backup(args.to)
        return 0
    return restore(args.folder) if args.command == "restore" else check(args.folder)


if __name__ == "__main__":
    sys.exit(main())
