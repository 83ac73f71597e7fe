"""wheelfs_example: the demo wheel that `make run` mounts and audits.

A pure-Python part, a data file, and one native extension (`_native`) that needs a private
library from outside the wheel and a glibc 2.25 symbol.
"""
from pathlib import Path


def readme() -> str:
    """The bundled README.txt."""
    return Path(__file__).with_name("README.txt").read_text(encoding="utf-8")


def value() -> int:
    """2025, computed by the native extension (2000 from libwfexample.so.1, 25 from getrandom)."""
    from . import _native

    return _native.value()
