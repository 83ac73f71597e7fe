"""`wheelfs repair` as a drop-in for `auditwheel repair`: flags, environment defaults, exit
statuses and messages, compared with auditwheel 6.8.2 where it gives a clean answer.

End-to-end repairs compared with auditwheel's own output are in `test_repair_e2e.py`; the
planner and executor are tested in `Tests/RepairKitTests`."""
import os
import pathlib

import pytest

from conftest import ROOT, run

WHEELS = ROOT / "Fixtures/build/wheels"
PRIVATE = WHEELS / "private-1.0.0-cp311-cp311-linux_x86_64.whl"
AARCH64 = WHEELS / "cross_aarch64-1.0.0-cp311-cp311-linux_aarch64.whl"
VENV_BIN = next(p for p in [ROOT / ".venv/bin", pathlib.Path("/work/main/.venv/bin")]
                if (p / "auditwheel").exists())


def clean_env(**extra):
    env = {k: v for k, v in os.environ.items()
           if k not in ("AUDITWHEEL_PLAT", "AUDITWHEEL_ZIP_COMPRESSION_LEVEL", "SOURCE_DATE_EPOCH")}
    env["PATH"] = f"{VENV_BIN}:{env.get('PATH', '/usr/bin:/bin')}"
    env.update(extra)
    return env


def auditwheel(args, **env):
    return run([str(VENV_BIN / "auditwheel"), "repair", *args], env=clean_env(**env))


def test_help_lists_auditwheels_flags(wheelfs):
    r = run([wheelfs, "repair", "--help"])
    assert r.returncode == 0
    for flag in ["--plat", "-w, --wheel-dir", "--exclude", "--only-plat", "--no-update-tags",
                 "--strip", "-z, --zip-compression-level", "-L, --lib-sdir",
                 "--disable-isa-ext-check", "--allow-pure-python-wheel", "--ldpaths", "--dry-run"]:
        assert flag in r.stdout, flag


def test_architecture_mismatch_matches_auditwheel(wheelfs, tmp_path):
    ours = run([wheelfs, "repair", "--plat", "manylinux_2_17_x86_64", "-w", str(tmp_path), str(AARCH64)],
               env=clean_env())
    theirs = auditwheel(["--plat", "manylinux_2_17_x86_64", "-w", str(tmp_path), str(AARCH64)])
    assert ours.returncode == theirs.returncode == 2
    message = ("can't repair wheel cross_aarch64-1.0.0-cp311-cp311-linux_aarch64.whl with aarch64 "
               "architecture to a wheel targeting x86_64")
    assert message in theirs.stderr
    assert ours.stderr == f"wheelfs: error: {message}\n"
    assert list(tmp_path.iterdir()) == []


def test_libc_mismatch_matches_auditwheel(wheelfs, tmp_path):
    musl = tmp_path / "cross_musl_x86_64-1.0.0-cp311-cp311-musllinux_1_2_x86_64.whl"
    musl.write_bytes((WHEELS / "cross_musl_x86_64-1.0.0-cp311-cp311-linux_x86_64.whl").read_bytes())
    tmp_path = tmp_path / "out"
    ours = run([wheelfs, "repair", "--plat", "manylinux_2_17_x86_64", "-w", str(tmp_path), str(musl)],
               env=clean_env())
    theirs = auditwheel(["--plat", "manylinux_2_17_x86_64", "-w", str(tmp_path), str(musl)])
    assert ours.returncode == theirs.returncode == 2
    message = f"can't repair wheel {musl.name} with MUSL libc to a wheel targeting GLIBC"
    assert message in theirs.stderr
    assert ours.stderr == f"wheelfs: error: {message}\n"


def test_missing_file_is_a_usage_error(wheelfs, tmp_path):
    missing = tmp_path / "nope-1.0-py3-none-any.whl"
    ours = run([wheelfs, "repair", str(missing)], env=clean_env())
    theirs = auditwheel([str(missing)])
    assert ours.returncode == theirs.returncode == 2
    assert f"cannot access {missing}. No such file" in theirs.stderr
    assert ours.stderr == f"wheelfs: error: cannot access {missing}. No such file\n"


@pytest.mark.parametrize("env,needle", [
    ({"AUDITWHEEL_PLAT": "bogus"}, "invalid choice: 'bogus' from environment variable 'AUDITWHEEL_PLAT'"),
    ({"AUDITWHEEL_ZIP_COMPRESSION_LEVEL": "10"}, "from environment variable 'AUDITWHEEL_ZIP_COMPRESSION_LEVEL'"),
    ({"AUDITWHEEL_ZIP_COMPRESSION_LEVEL": "six"}, "from environment variable 'AUDITWHEEL_ZIP_COMPRESSION_LEVEL'"),
    ({"SOURCE_DATE_EPOCH": "yesterday"}, "invalid SOURCE_DATE_EPOCH"),
])
def test_bad_environment_is_a_usage_error_not_a_traceback(wheelfs, tmp_path, env, needle):
    r = run([wheelfs, "repair", "-w", str(tmp_path), str(PRIVATE)], env=clean_env(**env))
    assert r.returncode == 2
    assert needle in r.stderr
    assert "Traceback" not in r.stderr


@pytest.mark.parametrize("args", [["--plat", "manylinux_2_99_x86_64"], ["--plat", "linux_x86_64"],
                                  ["-z", "10"], ["-z", "x"]])
def test_bad_flags_are_usage_errors(wheelfs, tmp_path, args):
    r = run([wheelfs, "repair", "-w", str(tmp_path), *args, str(PRIVATE)], env=clean_env())
    assert r.returncode == 2, r.stderr


@pytest.mark.parametrize("plat", ["auto", "manylinux2014_aarch64", "manylinux_2_28_aarch64"])
def test_any_architecture_the_wheel_has_is_accepted(wheelfs, tmp_path, plat):
    # auditwheel only offers the host's tags ("invalid choice" for aarch64 on x86_64); wheelfs
    # repairs the aarch64 wheel on this x86_64 host for any tag its contents satisfy.
    r = run([wheelfs, "repair", "--plat", plat, "-w", str(tmp_path), str(AARCH64)], env=clean_env())
    assert r.returncode == 0, r.stderr
    expected = {
        "auto": "manylinux2014_aarch64.manylinux_2_17_aarch64",
        "manylinux2014_aarch64": "manylinux2014_aarch64.manylinux_2_17_aarch64",
        "manylinux_2_28_aarch64": "manylinux2014_aarch64.manylinux_2_17_aarch64.manylinux_2_28_aarch64",
    }[plat]
    assert (tmp_path / f"cross_aarch64-1.0.0-cp311-cp311-{expected}.whl").exists(), list(tmp_path.iterdir())
    if plat != "auto":
        theirs = auditwheel(["--plat", plat, "-w", str(tmp_path), str(AARCH64)])
        assert theirs.returncode == 2 and "invalid choice" in theirs.stderr


def test_environment_platform_is_used(wheelfs, tmp_path):
    r = run([wheelfs, "repair", "-w", str(tmp_path), str(AARCH64)],
            env=clean_env(AUDITWHEEL_PLAT="manylinux_2_17_x86_64"))
    assert r.returncode == 2
    assert "with aarch64 architecture to a wheel targeting x86_64" in r.stderr
