"""Shared helpers for the oracle suites: they run the built `wheelfs` binary and compare its
output with independent tools (readelf, Python's zipfile, auditwheel 6.8.2)."""
import os
import pathlib
import subprocess
import time

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def wheelfs():
    path = os.environ.get("WHEELFS") or str(ROOT / ".build/release/wheelfs")
    if not os.access(path, os.X_OK):
        pytest.fail(f"wheelfs binary not found at {path}: run `make build`")
    return path


def run(argv, **kw):
    return subprocess.run(argv, capture_output=True, text=True, **kw)


def mounted(path):
    """Whether `path` is a mount point, per /proc/mounts."""
    with open("/proc/mounts") as f:
        return any(line.split()[1] == str(path) for line in f)


def daemon_pids(path):
    """PIDs of wheelfs processes serving `path` (a unique temporary directory of a test)."""
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                argv = f.read().split(b"\0")
        except OSError:
            continue
        if argv[0].endswith(b"wheelfs") and b"mount" in argv and str(path).encode() in argv:
            pids.append(int(entry))
    return pids


def daemon_pid(path):
    """The PID of the wheelfs process serving `path`, or None."""
    pids = daemon_pids(path)
    return pids[0] if pids else None


def wait_until(predicate, timeout=15.0):
    """Polls `predicate` (bounded, so a regression fails instead of hanging)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()
