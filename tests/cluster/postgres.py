"""A throwaway PostgreSQL primary and its streaming replica on loopback, for the tests that need real ones.

The primary is a new cluster (initdb) on a free port, the replica a copy of it made with
`pg_basebackup -R`, so it streams from the primary as a production replica would; neither touches the
machine's own cluster. Both run as the postgres OS user when the tests run as root (PostgreSQL refuses root).
"""

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def bin_dir():
    """The folder with initdb, pg_ctl and pg_basebackup, or None."""
    found = shutil.which("pg_config")
    if found:
        folder = subprocess.run([found, "--bindir"], capture_output=True, text=True).stdout.strip()
        if all((Path(folder) / name).exists() for name in ("initdb", "pg_ctl", "pg_basebackup")):
            return Path(folder)
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if all((Path(folder) / name).exists() for name in ("initdb", "pg_ctl", "pg_basebackup")):
            return Path(folder)
    return None


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PostgresPair:
    """`start()` brings up the primary and the replica; `stop_replica()`/`start_replica()` in between."""

    def __init__(self, binaries):
        self.binaries = binaries
        self.root = Path(tempfile.mkdtemp(prefix="newsroom-replica-"))
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.root, "postgres", "postgres")
        self.primary_port, self.replica_port = free_port(), free_port()
        self.primary_dir, self.replica_dir = self.root / "primary", self.root / "replica"

    def run(self, name, *args):
        command = [str(self.binaries / name), *map(str, args)]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, text=True, timeout=120)

    def options(self, port):
        # fsync off: a test cluster need not survive a power cut, and it makes initdb and commits fast.
        return (
            f"-p {port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
        )

    def start(self):
        self.run(
            "initdb", "-D", self.primary_dir, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"
        )
        self.run("pg_ctl", "-D", self.primary_dir, "-l", self.root / "primary.log", "-o", self.options(self.primary_port), "-w", "start")  # fmt: skip
        self.run("createdb", "-h", "127.0.0.1", "-p", self.primary_port, "-U", "postgres", "newsroom")
        # Its pg_hba.conf (initdb's, trust) allows replication connections from 127.0.0.1.
        self.run(
            "pg_basebackup", "-h", "127.0.0.1", "-p", self.primary_port, "-U", "postgres",
            "-D", self.replica_dir, "-R", "-X", "stream", "--no-sync", "-c", "fast",
        )  # fmt: skip
        self.start_replica()

    def start_replica(self):
        self.run("pg_ctl", "-D", self.replica_dir, "-l", self.root / "replica.log", "-o", self.options(self.replica_port), "-w", "start")  # fmt: skip

    def stop_replica(self):
        self.run("pg_ctl", "-D", self.replica_dir, "-m", "fast", "-w", "stop")

    def url(self, port, name="newsroom"):
        return f"postgres://postgres@127.0.0.1:{port}/{name}"

    def stop(self):
        for folder in (self.replica_dir, self.primary_dir):
            if (folder / "postmaster.pid").exists():
                with contextlib.suppress(subprocess.CalledProcessError):
                    self.run("pg_ctl", "-D", folder, "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


def wait_until(condition, *, within=10.0, every=0.05):
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"not true within {within} s: {condition.__doc__ or condition}")
        time.sleep(every)
