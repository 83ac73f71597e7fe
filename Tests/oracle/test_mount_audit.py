"""The mount's `.audit/` files on real wheels, and repair through `.audit/repair`.

Oracles: `wheelfs show` (the same core, run as a separate process on the wheel file),
auditwheel 6.8.2 (`show --json` on the repaired output), bash's own error messages for the
write, and Python's zipfile."""
import json
import os
import pathlib
import subprocess
import threading
import zipfile

import pytest

from conftest import ROOT, mounted, run

WHEELS = ROOT / "Fixtures/build/wheels"
PRIVATE_LIB = ROOT / "Fixtures/build/private/lib"
VENV_BIN = ROOT / ".venv/bin"
AUDIT_FILES = ["policy", "symbols", "needed", "record"]


def env(**extra):
    e = {k: v for k, v in os.environ.items() if k not in ("LD_LIBRARY_PATH", "AUDITWHEEL_PLAT")}
    e["AUDITWHEEL_LD_LIBRARY_PATH"] = str(PRIVATE_LIB)
    e.update(extra)
    return e


@pytest.fixture
def mount(wheelfs, tmp_path):
    """Mounts a wheel in the background; always unmounts."""
    made = []

    def make(wheel, **extra):
        mnt = tmp_path / f"mnt{len(made)}"
        house = tmp_path / f"house{len(made)}"
        mnt.mkdir()
        r = run([wheelfs, "mount", str(wheel), str(mnt), "--wheelhouse", str(house)], env=env(**extra))
        assert r.returncode == 0, r.stderr
        made.append(mnt)
        return mnt, house

    yield make
    for mnt in made:
        if mounted(mnt):
            run([wheelfs, "unmount", str(mnt)])
        if mounted(mnt):
            subprocess.run(["fusermount3", "-uz", str(mnt)], capture_output=True)
        assert not mounted(mnt)


def bash(command, cwd):
    return subprocess.run(["bash", "-c", command], cwd=cwd, capture_output=True, text=True)


@pytest.mark.parametrize("stem", ["private", "newglibc", "blacklist", "isa", "simple"])
def test_audit_files_equal_wheelfs_show(wheelfs, mount, stem):
    wheel = WHEELS / f"{stem}-1.0.0-cp311-cp311-linux_x86_64.whl"
    mnt, _ = mount(wheel)
    for name in AUDIT_FILES:
        served = (mnt / ".audit" / name).read_text()
        expected = run([wheelfs, "show", "--audit-file", name, str(wheel)], env=env())
        assert expected.returncode == 0, expected.stderr
        assert served == expected.stdout, name
        # getattr reports the true size, so `wc -c` and `cp` agree with `cat`.
        assert os.stat(mnt / ".audit" / name).st_size == len(served.encode())
    served = json.loads((mnt / ".audit/report.json").read_text())
    shown = json.loads(run([wheelfs, "show", "--json", str(wheel)], env=env()).stdout)
    assert served == shown
    # The first line of `policy` is the tag alone, the same as auditwheel's overall tag.
    theirs = json.loads(run([str(VENV_BIN / "auditwheel"), "show", "--json", str(wheel)], env=env()).stdout)
    assert (mnt / ".audit/policy").read_text().splitlines()[0] == theirs["overall_tag"]


def test_audit_is_hidden_but_present(mount):
    mnt, _ = mount(WHEELS / "simple-1.0.0-cp311-cp311-linux_x86_64.whl")
    assert ".audit" not in bash("ls", mnt).stdout.split()
    assert ".audit" in bash("ls -a", mnt).stdout.split()
    assert sorted(os.listdir(mnt / ".audit")) == sorted(AUDIT_FILES + ["report.json", "repair"])


def test_repair_through_the_mount(mount):
    mnt, house = mount(WHEELS / "private-1.0.0-cp311-cp311-linux_x86_64.whl")
    r = bash("echo manylinux_2_5_x86_64 > .audit/repair", mnt)
    assert r.returncode == 0, r.stderr
    # The write returned only once the wheel was written.
    (output,) = list(house.glob("*.whl"))
    assert output.name == "private-1.0.0-cp311-cp311-manylinux1_x86_64.manylinux_2_5_x86_64.whl"
    outcome = (mnt / ".audit/repair").read_text().splitlines()
    assert outcome[0] == "ok"
    assert f"wheel: {output}" in outcome
    assert any(line.startswith("grafted: ") and "liba-" in line for line in outcome)
    assert zipfile.ZipFile(output).testzip() is None
    theirs = json.loads(run([str(VENV_BIN / "auditwheel"), "show", "--json", str(output)],
                            env=env(AUDITWHEEL_LD_LIBRARY_PATH="")).stdout)
    assert theirs["overall_tag"] == "manylinux_2_5_x86_64" and theirs["external_libs"] == {}


def test_tag_without_newline_and_auto(mount):
    mnt, house = mount(WHEELS / "private-1.0.0-cp311-cp311-linux_x86_64.whl")
    assert bash("printf auto > .audit/repair", mnt).returncode == 0
    assert len(list(house.glob("*.whl"))) == 1


@pytest.mark.parametrize("tag", ["manylinux_9_x86_64", "bogus", "manylinux_2_17_aarch64"])
def test_bad_tag_is_einval(mount, tag):
    mnt, house = mount(WHEELS / "private-1.0.0-cp311-cp311-linux_x86_64.whl")
    r = bash(f"echo {tag} > .audit/repair", mnt)
    assert r.returncode != 0
    assert "Invalid argument" in r.stderr
    assert (mnt / ".audit/repair").read_text().startswith("error:")
    assert not house.exists() or not any(house.iterdir())


def test_refused_repair_reports_the_symbols(mount):
    mnt, house = mount(WHEELS / "newglibc-1.0.0-cp311-cp311-linux_x86_64.whl")
    r = bash("echo manylinux_2_17_x86_64 > .audit/repair", mnt)
    assert r.returncode != 0
    assert "Operation not permitted" in r.stderr
    text = (mnt / ".audit/repair").read_text()
    assert "too-recent versioned symbols" in text and "close_range" in text
    assert not house.exists() or not any(house.iterdir())


def test_reads_continue_during_a_repair(mount):
    wheel = WHEELS / "private-1.0.0-cp311-cp311-linux_x86_64.whl"
    mnt, house = mount(wheel)
    names = [i.filename for i in zipfile.ZipFile(wheel).infolist() if not i.is_dir()]
    errors = []

    def reader():
        try:
            with zipfile.ZipFile(wheel) as z:
                for _ in range(20):
                    for name in names:
                        if (mnt / name).read_bytes() != z.read(name):
                            errors.append(name)
        except OSError as e:
            errors.append(str(e))

    threads = [threading.Thread(target=reader) for _ in range(2)]
    for t in threads:
        t.start()
    r = bash("echo manylinux_2_5_x86_64 > .audit/repair", mnt)
    for t in threads:
        t.join()
    assert r.returncode == 0, r.stderr
    assert errors == []
    assert len(list(house.glob("*.whl"))) == 1


def test_audit_of_members_larger_than_the_cache_stays_within_the_bound(wheelfs, tmp_path):
    """scipy through an 8 MiB cache: its ELF files up to 24 MiB are parsed and hashed by
    streaming, the `.audit/` texts equal `wheelfs show`'s (which inflates them whole), and the
    daemon's peak memory stays within the cache plus the documented overhead."""
    wheel = ROOT / "Fixtures/pypi/scipy-1.17.1-cp311-cp311-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl"
    with zipfile.ZipFile(wheel) as z:
        assert max(i.file_size for i in z.infolist()) > 20 << 20
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    r = run([wheelfs, "mount", "--cache-size", "8M", str(wheel), str(mnt)], env=env())
    assert r.returncode == 0, r.stderr
    try:
        pid = int(subprocess.run(["pgrep", "-f", f"mount --cache-size 8M {wheel} {mnt}"],
                                 capture_output=True, text=True).stdout.split()[0])
        for name in ["policy", "symbols", "needed", "record"]:
            expected = run([wheelfs, "show", "--audit-file", name, str(wheel)], env=env())
            assert (mnt / ".audit" / name).read_text() == expected.stdout, name
        served = json.loads((mnt / ".audit/report.json").read_text())
        assert served == json.loads(run([wheelfs, "show", "--json", str(wheel)], env=env()).stdout)
        with open(f"/proc/{pid}/status") as f:
            hwm_mib = next(int(line.split()[1]) for line in f if line.startswith("VmHWM:")) // 1024
        assert hwm_mib <= 8 + 64, hwm_mib  # cache + the overhead documented in docs/performance.md
    finally:
        run([wheelfs, "unmount", str(mnt)])
