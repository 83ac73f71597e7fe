"""Shared helpers for the oracle suites: they run the built `wheelfs` binary and compare its
output with independent tools (readelf, Python's zipfile, auditwheel 6.8.2)."""
import os
import pathlib
import subprocess

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
