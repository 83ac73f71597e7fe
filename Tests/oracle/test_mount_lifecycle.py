"""Lifecycle of `wheelfs mount` as a background daemon, with the built binary.

The zip reader is not needed: the hidden `--demo-source` flag serves a small in-memory wheel.
Oracles: /proc/mounts, the kernel's own errors (ENOTCONN on a stale mount), the process table,
and bash's messages for writes to .audit/repair.
"""
import errno
import os
import signal
import subprocess
import time

import pytest

from conftest import ROOT, daemon_pids, mounted, run, wait_until


@pytest.fixture
def mountpoint(tmp_path):
    path = str(tmp_path / "mnt")
    os.mkdir(path)
    yield path
    # Never leave a mount or a daemon behind, whatever the test did.
    if mounted(path):
        subprocess.run(["fusermount3", "-uz", path], capture_output=True)
    for pid in daemon_pids(path):
        os.kill(pid, signal.SIGKILL)
    assert not mounted(path)


def mount(wheelfs, path, *extra):
    return run([wheelfs, "mount", "--demo-source", "demo-1.0-py3-none-any.whl", path, *extra], timeout=60)


def test_returns_only_when_live_and_detaches(wheelfs, mountpoint):
    r = mount(wheelfs, mountpoint)  # capture_output: returns only if the daemon closed our pipes
    assert r.returncode == 0, r.stderr
    assert r.stdout == "" and r.stderr == ""
    # No waiting: the mount is live when the command returns.
    assert mounted(mountpoint)
    assert sorted(os.listdir(mountpoint)) == [".audit", "demo", "demo-1.0.dist-info"]
    with open(os.path.join(mountpoint, "demo/__init__.py")) as f:
        assert f.read() == "print('hello from the demo wheel')\n"
    assert len(daemon_pids(mountpoint)) == 1
    assert run([wheelfs, "unmount", mountpoint]).returncode == 0
    assert wait_until(lambda: not daemon_pids(mountpoint))
    assert not mounted(mountpoint)


def test_the_daemon_is_forked_not_re_executed(wheelfs, mountpoint):
    # A single-threaded `wheelfs mount` forks: the daemon keeps the caller's command line (no
    # second process start-up, no `--ready-fd` re-execution), in a session of its own.
    assert mount(wheelfs, mountpoint).returncode == 0
    (pid,) = daemon_pids(mountpoint)
    with open(f"/proc/{pid}/cmdline", "rb") as f:
        argv = f.read().split(b"\0")[:-1]
    assert b"--ready-fd" not in argv and b"--foreground" not in argv, argv
    assert argv[1:3] == [b"mount", b"--demo-source"], argv
    assert os.getsid(pid) == pid
    with open(f"/proc/{pid}/fd/0", "rb") as stdin:
        assert stdin.read() == b""  # /dev/null
    assert run([wheelfs, "unmount", mountpoint]).returncode == 0
    assert wait_until(lambda: not daemon_pids(mountpoint))


def test_default_cache_is_an_eighth_of_memory_within_bounds(wheelfs):
    with open("/proc/meminfo") as f:
        total = next(int(line.split()[1]) * 1024 for line in f if line.startswith("MemTotal:"))
    # No cgroup limit below physical memory on the machines this runs on (checked, not assumed).
    limits = []
    for path in ("/sys/fs/cgroup/memory.max",):
        if os.path.exists(path):
            text = open(path).read().strip()
            if text.isdigit():
                limits.append(int(text))
    with open("/proc/self/cgroup") as f:
        for line in f:
            number, controllers, group = line.rstrip("\n").split(":", 2)
            if "memory" in controllers.split(","):
                path = f"/sys/fs/cgroup/memory{'' if group == '/' else group}/memory.limit_in_bytes"
                if os.path.exists(path):
                    limits.append(int(open(path).read().strip()))
            elif number == "0" and controllers == "":
                path = f"/sys/fs/cgroup{'' if group == '/' else group}/memory.max"
                if os.path.exists(path) and open(path).read().strip().isdigit():
                    limits.append(int(open(path).read().strip()))
    available = min([total] + limits)
    expected = min(max(available // 8, 256 << 20), 2 << 30)
    help_text = run([wheelfs, "mount", "--help"]).stdout
    assert f"(default: {expected >> 20}M)" in " ".join(help_text.split()), help_text


def test_missing_mountpoint_fails_with_message(wheelfs, tmp_path):
    missing = str(tmp_path / "nope")
    r = mount(wheelfs, missing)
    assert r.returncode == 1
    assert r.stderr == f"Error: {missing}: mount point does not exist\n"
    assert not daemon_pids(missing)


def test_missing_source_fails_with_message(wheelfs, mountpoint):
    r = run([wheelfs, "mount", "/nonexistent/pkg-1.0-py3-none-any.whl", mountpoint], timeout=60)
    assert r.returncode == 1
    assert r.stderr == "Error: /nonexistent/pkg-1.0-py3-none-any.whl: no such file or directory\n"
    assert not mounted(mountpoint) and not daemon_pids(mountpoint)


def test_nonempty_mountpoint_fails_unless_asked(wheelfs, mountpoint):
    open(os.path.join(mountpoint, "keep.txt"), "w").close()
    r = mount(wheelfs, mountpoint)
    assert r.returncode == 1
    assert "mount point is not empty (use -o nonempty" in r.stderr
    assert not mounted(mountpoint)
    r = mount(wheelfs, mountpoint, "-o", "nonempty")
    assert r.returncode == 0, r.stderr
    assert "keep.txt" not in os.listdir(mountpoint)
    assert run([wheelfs, "unmount", mountpoint]).returncode == 0
    assert wait_until(lambda: not daemon_pids(mountpoint))
    assert os.listdir(mountpoint) == ["keep.txt"]


def test_bad_fuse_option_fails_with_libfuse_message(wheelfs, mountpoint):
    r = mount(wheelfs, mountpoint, "-o", "no_such_option")
    assert r.returncode == 1
    assert "mounting failed" in r.stderr and "no_such_option" in r.stderr
    assert not mounted(mountpoint)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_signals_unmount_cleanly(wheelfs, mountpoint, sig):
    assert mount(wheelfs, mountpoint).returncode == 0
    (pid,) = daemon_pids(mountpoint)
    os.kill(pid, sig)
    assert wait_until(lambda: not daemon_pids(mountpoint))
    assert not mounted(mountpoint)
    assert os.listdir(mountpoint) == []


SCIPY = ROOT / "Fixtures/pypi/scipy-1.17.1-cp311-cp311-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl"


@pytest.mark.parametrize("delay", [0.05, 0.1, 0.2, 0.3, 0.5])
def test_sigterm_while_readers_stream_members_ends_everything(wheelfs, mountpoint, delay):
    """SIGTERM while four readers stream scipy's large members (each first read also queues a
    copy of the member into the page cache): the daemon exits, the mount goes, and every reader
    finishes (with the data or an error), none is left waiting in the kernel."""
    assert SCIPY.exists(), "run `make fixtures`"
    r = run([wheelfs, "mount", str(SCIPY), mountpoint], timeout=60)
    assert r.returncode == 0, r.stderr
    (pid,) = daemon_pids(mountpoint)
    readers = [subprocess.Popen(["find", mountpoint, "-type", "f", "-size", "+100k", "-exec", "cat", "{}", "+"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(4)]
    time.sleep(delay)
    os.kill(pid, signal.SIGTERM)
    assert wait_until(lambda: not daemon_pids(mountpoint), timeout=15)
    assert not mounted(mountpoint)
    for reader in readers:
        reader.wait(timeout=15)


def test_kill9_leaves_a_stale_mount_that_the_next_mount_recovers(wheelfs, mountpoint):
    assert mount(wheelfs, mountpoint).returncode == 0
    (pid,) = daemon_pids(mountpoint)
    os.kill(pid, signal.SIGKILL)
    assert wait_until(lambda: not daemon_pids(mountpoint))
    with pytest.raises(OSError) as stale:
        os.stat(mountpoint)
    # "Transport endpoint is not connected", or "connection abort" for a request caught in flight
    assert stale.value.errno in (errno.ENOTCONN, errno.ECONNABORTED)
    r = mount(wheelfs, mountpoint)
    assert r.returncode == 0, r.stderr
    assert "removing a stale FUSE mount" in r.stderr
    assert "demo" in os.listdir(mountpoint)
    with open("/proc/mounts") as f:
        assert sum(line.split()[1] == mountpoint for line in f) == 1
    assert run([wheelfs, "unmount", mountpoint]).returncode == 0
    assert wait_until(lambda: not daemon_pids(mountpoint))


def test_foreground_mode_and_ctrl_c(wheelfs, mountpoint):
    p = subprocess.Popen([wheelfs, "mount", "-f", "--demo-source", "demo.whl", mountpoint],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert wait_until(lambda: mounted(mountpoint)), "foreground mount never appeared"
        assert "demo" in os.listdir(mountpoint)
        p.send_signal(signal.SIGINT)
        _, err = p.communicate(timeout=15)
        assert p.returncode == 0, err
        assert "mounted" in err and "unmounted" in err
    finally:
        if p.poll() is None:
            p.kill()
    assert not mounted(mountpoint)


def test_repair_trigger_through_bash(wheelfs, mountpoint):
    assert mount(wheelfs, mountpoint).returncode == 0
    repair = os.path.join(mountpoint, ".audit/repair")
    r = run(["bash", "-c", f"echo manylinux_2_28_x86_64 > {repair} && cat {repair}"])
    assert r.returncode == 0, r.stderr
    assert r.stdout == "demo: repaired to manylinux_2_28_x86_64 (nothing written)\n"
    r = run(["bash", "-c", f"echo win_amd64 > {repair}"])
    assert r.returncode == 1
    assert "Invalid argument" in r.stderr
    with open(repair) as f:
        assert f.read() == "not a platform tag this wheel can be repaired to: win_amd64\n"
    r = run(["bash", "-c", f"echo x > {mountpoint}/demo/__init__.py"])
    assert "Read-only file system" in r.stderr
    assert run([wheelfs, "unmount", mountpoint]).returncode == 0
    assert wait_until(lambda: not daemon_pids(mountpoint))


def test_unmount_errors(wheelfs, tmp_path):
    r = run([wheelfs, "unmount", str(tmp_path)])
    assert r.returncode == 1
    assert r.stderr == f"Error: {tmp_path}: unmounting failed: not a mount point\n"
