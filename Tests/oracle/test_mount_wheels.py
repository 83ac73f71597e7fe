"""`wheelfs mount` on real wheels (the built binary, a real FUSE mount), against independent truth:
Python's zipfile (member list, external_attr modes, sizes, SHA-256 of contents), `unzip -p` and
`unzip -d` (bytes), and the kernel's own answers (errno of refused writes, /proc/mounts,
/proc/PID/status for the daemon's memory). Hostile archives are generated here with zipfile and
byte patches.

Every test mounts in the background (`wheelfs mount` returns when the mount is live) and
unmounts in teardown; the `mount` fixture fails the test if a mount or a daemon is left behind.
"""
import concurrent.futures
import errno
import hashlib
import os
import pathlib
import shutil
import signal
import stat
import struct
import subprocess
import tempfile
import time
import zipfile

import pytest

from conftest import ROOT, daemon_pid, mounted, run, wait_until

FIXTURE_WHEELS = sorted((ROOT / "Fixtures/build/wheels").glob("*.whl"))
SCIPY = "scipy-1.17.1-cp311-cp311-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl"
PLOTLY = "plotly-5.24.1-py3-none-any.whl"
PYPI_WHEELS = [
    SCIPY,
    "plotly-5.24.1-py3-none-any.whl",  # 15,319 members
    "numpy-2.4.6-cp311-cp311-musllinux_1_2_x86_64.whl",
    "psutil-7.2.2-cp36-abi3-manylinux2014_aarch64.manylinux_2_17_aarch64.manylinux_2_28_aarch64.whl",
    "cryptography-46.0.3-cp38-abi3-manylinux2014_x86_64.manylinux_2_17_x86_64.whl",  # stored + deflated
]
MB = 1 << 20


def pypi(name):
    path = ROOT / "Fixtures/pypi" / name
    if not path.exists():
        pytest.fail(f"{path} is missing: run `make fixtures` (Tests/scripts/fetch_pypi.sh)")
    return path


def vm_hwm_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise AssertionError(f"no VmHWM for {pid}")


class Mounter:
    """Mounts wheels on one mount point and cleans up whatever happens."""

    def __init__(self, wheelfs, path):
        self.wheelfs = wheelfs
        self.path = path

    def __call__(self, wheel, *options):
        r = run([self.wheelfs, "mount", str(wheel), str(self.path), *options], timeout=120)
        assert r.returncode == 0, f"mount failed: {r.stderr}"
        assert mounted(self.path)
        pid = daemon_pid(self.path)
        assert pid is not None, "no daemon found for the mount"
        return pid

    def unmount(self):
        if mounted(self.path):
            r = run([self.wheelfs, "unmount", str(self.path)])
            if r.returncode != 0:
                subprocess.run(["fusermount3", "-uz", str(self.path)], capture_output=True)
        assert wait_until(lambda: daemon_pid(self.path) is None), "daemon did not exit after unmount"


@pytest.fixture
def mount(wheelfs, tmp_path):
    mounter = Mounter(wheelfs, tmp_path / "mnt")
    os.mkdir(mounter.path)
    yield mounter
    if mounted(mounter.path):
        subprocess.run(["fusermount3", "-uz", str(mounter.path)], capture_output=True)
    pid = daemon_pid(mounter.path)
    if pid is not None:
        os.kill(pid, signal.SIGKILL)
    assert not mounted(mounter.path), "mount left behind"


# MARK: - What the mount shows, against zipfile and unzip


def expected_tree(wheel):
    """path -> (type letter as find's %y, permission bits, size or None) for every member and
    implied directory, by the mount's documented mode policy (docs/mount.md)."""
    tree = {}
    with zipfile.ZipFile(wheel) as z:
        for info in z.infolist():
            name = info.filename.rstrip("/")
            parts = name.split("/")
            for i in range(1, len(parts)):
                tree.setdefault("/".join(parts[:i]), ("d", 0o755, None))
            mode = info.external_attr >> 16
            if info.is_dir():
                tree[name] = ("d", 0o755, None)
            elif stat.S_ISLNK(mode):
                tree[name] = ("l", 0o777, info.file_size)
            else:
                tree[name] = ("f", 0o755 if mode & 0o111 else 0o644, info.file_size)
    return tree


def mounted_tree(path):
    out = subprocess.run(
        ["find", str(path), "-mindepth", "1", "-path", f"{path}/.audit", "-prune", "-o",
         "-printf", r"%P\t%y\t%m\t%s\n"],
        capture_output=True, text=True, check=True).stdout
    tree = {}
    for line in out.splitlines():
        name, kind, mode, size = line.split("\t")
        tree[name] = (kind, int(mode, 8), None if kind == "d" else int(size))
    return tree


def sh(command, **kw):
    return subprocess.run(["bash", "-c", command], capture_output=True, text=True,
                          env={**os.environ, "LC_ALL": "C"}, **kw)


@pytest.fixture
def scratch(tmp_path):
    """A directory for unzipped copies: on tmpfs when there is one (unzip creates plotly's
    15,319 files there in under a second, against about five on the disk)."""
    base = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else str(tmp_path)
    path = pathlib.Path(tempfile.mkdtemp(prefix="wheelfs-test-", dir=base))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def check_wheel(mount, wheel, tmp_path):
    mount(wheel)
    mnt = mount.path
    # find: exactly the members (implied directories included) plus .audit/.
    assert mounted_tree(mnt) == expected_tree(wheel)
    assert os.path.isdir(mnt / ".audit")
    assert {"policy", "symbols", "needed", "report.json", "record", "repair"} <= set(os.listdir(mnt / ".audit"))

    # Every file's bytes: `unzip -p` writes all members (a symlink's: its target) in archive
    # order; the mount read in the same order must be the same stream.
    with zipfile.ZipFile(wheel) as z:
        members = [i for i in z.infolist() if not i.is_dir()]
    unzipped = subprocess.run(["unzip", "-p", str(wheel)], capture_output=True, check=True).stdout
    position = 0
    for info in members:
        if stat.S_ISLNK(info.external_attr >> 16):
            data = os.readlink(mnt / info.filename).encode()
        else:
            with open(mnt / info.filename, "rb") as f:
                data = f.read()
        assert data == unzipped[position:position + info.file_size], info.filename
        position += info.file_size
    assert position == len(unzipped)

    # The usual tools, against a tree that unzip extracted.
    extracted = tmp_path / "unzipped"
    subprocess.run(["unzip", "-q", "-d", str(extracted), str(wheel)], check=True)
    r = sh(f"diff -r --no-dereference -x .audit {mnt} {extracted}")
    assert r.returncode == 0, r.stdout[:2000] + r.stderr
    mine = sh(f"cd {mnt} && grep -r -c --exclude-dir=.audit -e import -e ELF . | sort")
    theirs = sh(f"cd {extracted} && grep -r -c -e import -e ELF . | sort")
    assert mine.returncode == theirs.returncode and mine.stdout == theirs.stdout
    retarred = tmp_path / "retarred"
    retarred.mkdir()
    r = sh(f"tar -C {mnt} --exclude=./.audit -cf - . | tar -C {retarred} -xf -")
    assert r.returncode == 0, r.stderr
    assert sh(f"diff -r --no-dereference {retarred} {extracted}").returncode == 0
    sizes = [size for kind, _, size in expected_tree(wheel).values() if kind != "d"]
    r = sh(f"du -s --apparent-size -B1 --exclude=.audit {mnt}")
    assert r.returncode == 0 and int(r.stdout.split()[0]) == sum(sizes)
    r = sh(f"du -s -B512 --exclude=.audit {mnt}")
    assert r.returncode == 0 and int(r.stdout.split()[0]) == sum((s + 511) // 512 for s in sizes)
    mount.unmount()


@pytest.mark.parametrize("wheel", FIXTURE_WHEELS, ids=lambda p: p.name.split("-")[0])
def test_fixture_wheel_matches_zipfile_and_unzip(mount, wheel, scratch):
    check_wheel(mount, wheel, scratch)


@pytest.mark.parametrize("name", PYPI_WHEELS, ids=lambda n: "-".join(n.split("-")[:2]))
def test_pypi_wheel_matches_zipfile_and_unzip(mount, name, scratch):
    check_wheel(mount, pypi(name), scratch)


def test_fixture_wheels_were_built():
    assert len(FIXTURE_WHEELS) >= 20, "run `make fixtures`"


def write_zip(path, members):
    """members: (name, bytes, compress_type, unix mode) tuples, written in order."""
    with zipfile.ZipFile(path, "w") as z:
        for name, data, method, mode in members:
            info = zipfile.ZipInfo(name, date_time=(2024, 5, 6, 7, 8, 10))
            info.compress_type = method
            info.external_attr = mode << 16
            z.writestr(info, data)
    return path


def test_symlinks_stored_members_and_implied_directories(mount, tmp_path, scratch):
    wheel = write_zip(tmp_path / "shapes-1.0-py3-none-any.whl", [
        ("shapes/__init__.py", b"import os\n" * 100, zipfile.ZIP_DEFLATED, 0o100644),
        ("shapes/bin/run", b"#!/bin/sh\necho run\n", zipfile.ZIP_STORED, 0o100755),
        ("shapes/lib/libx.so", bytes(range(256)) * 4000, zipfile.ZIP_DEFLATED, 0o100775),
        ("shapes/lib/libx.so.1", b"libx.so", zipfile.ZIP_STORED, 0o120777),
        ("shapes/up", b"../shapes/bin/run", zipfile.ZIP_STORED, 0o120777),
        ("shapes/empty.txt", b"", zipfile.ZIP_DEFLATED, 0o100644),
        ("shapes/nomode.txt", b"mode 0", zipfile.ZIP_DEFLATED, 0),
        ("shapes/deep/a/b/c/d.txt", b"deep\n", zipfile.ZIP_DEFLATED, 0o100600),
        ("shapes/explicit/", b"", zipfile.ZIP_STORED, 0o40755),
        ("shapes-1.0.dist-info/RECORD", b"", zipfile.ZIP_DEFLATED, 0o100644),
    ])
    check_wheel(mount, wheel, scratch)
    mount(wheel)
    assert os.readlink(mount.path / "shapes/lib/libx.so.1") == "libx.so"
    with open(mount.path / "shapes/up", "rb") as f:
        assert f.read() == b"#!/bin/sh\necho run\n"


# MARK: - Read-only


def test_every_write_is_refused_with_erofs(mount, tmp_path):
    wheel = pypi(PYPI_WHEELS[3])
    mount(wheel)
    mnt = mount.path
    member = next(p for p in mnt.rglob("*.py"))
    before = member.read_bytes()

    def write_through_descriptor():
        # Files are opened by the kernel without asking the daemon (no OPEN requests, see
        # docs/mount.md), so a plain O_WRONLY open succeeds; the write itself is refused.
        fd = os.open(member, os.O_RDWR)
        try:
            os.pwrite(fd, b"x", 0)
        finally:
            os.close(fd)

    attempts = {
        "create": lambda: os.open(mnt / "new.txt", os.O_WRONLY | os.O_CREAT, 0o644),
        "write": write_through_descriptor,
        "open with O_TRUNC": lambda: os.open(member, os.O_WRONLY | os.O_TRUNC),
        "truncate": lambda: os.truncate(member, 0),
        "utime": lambda: os.utime(member, (0, 0)),
        "mkdir": lambda: os.mkdir(mnt / "newdir"),
        "unlink": lambda: os.unlink(member),
        "rmdir": lambda: os.rmdir(member.parent),
        "rename": lambda: os.rename(member, mnt / "moved.py"),
        "chmod": lambda: os.chmod(member, 0o777),
        "symlink": lambda: os.symlink("x", mnt / "link"),
        "link": lambda: os.link(member, mnt / "hard"),
        "setxattr": lambda: os.setxattr(member, "user.x", b"1"),
    }
    for what, attempt in attempts.items():
        with pytest.raises(OSError) as refused:
            attempt()
        assert refused.value.errno == errno.EROFS, what
    commands = [f"touch {mnt}/new.txt", f"touch {member}", f"mkdir {mnt}/d", f"rm -f {member}",
                f"rm -rf {member.parent}", f"mv {member} {mnt}/m.py", f"chmod 000 {member}",
                f"echo x > {member}", f"echo x >> {member}"]
    for command in commands:
        r = sh(command)
        assert r.returncode != 0 and "Read-only file system" in r.stderr, command
    assert member.read_bytes() == before
    assert mounted_tree(mnt) == expected_tree(wheel)
    mount.unmount()


# MARK: - Extended attributes


def test_extended_attributes_and_what_ls_l_asks(mount):
    wheel = pypi(PYPI_WHEELS[2])
    mount(wheel)
    mnt = mount.path
    with zipfile.ZipFile(wheel) as z:
        infos = [i for i in z.infolist() if not i.is_dir()]
    info = infos[0]
    member = mnt / info.filename
    assert os.getxattr(member, "user.wheelfs.crc32").decode() == f"{info.CRC:08x}"
    assert int(os.getxattr(member, "user.wheelfs.compressed_size")) == info.compress_size
    assert "user.wheelfs.crc32" in os.listxattr(member)
    # A user.* name that does not exist: ENODATA. Other namespaces (what `ls -l` asks every
    # file for: SELinux label, POSIX ACL) are not supported at all: EOPNOTSUPP, which `ls`
    # remembers for the whole file system instead of asking again per file.
    with pytest.raises(OSError) as missing:
        os.getxattr(member, "user.other")
    assert missing.value.errno == errno.ENODATA
    for name in ("security.selinux", "system.posix_acl_access", "trusted.x"):
        with pytest.raises(OSError) as unsupported:
            os.getxattr(member, name)
        assert unsupported.value.errno == errno.EOPNOTSUPP, name
    # strace is the independent observer: `ls -lR` over every file asks for extended
    # attributes a bounded number of times, not once or twice per file.
    trace = subprocess.run(["strace", "-f", "-c", "-e", "trace=getxattr,lgetxattr,listxattr,llistxattr",
                            "ls", "-lR", str(mnt)], capture_output=True, text=True, check=True)
    calls = sum(int(line.split()[3]) for line in trace.stderr.splitlines()
                if line.strip().endswith(("getxattr", "listxattr")) and line.split()[3].isdigit())
    assert len(infos) > 100 and calls <= 4, trace.stderr
    mount.unmount()


def record_b64(data):
    import base64
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def test_record_extended_attributes_against_record_and_hashlib(mount, tmp_path):
    """`user.wheelfs.record_hash` is RECORD's hash of the member and `user.wheelfs.record_match`
    says whether the member's content (hashed by hashlib here) matches it; members RECORD does
    not list have neither. One wheel as published, and a copy with a member changed behind
    RECORD's back."""
    import csv
    import io
    wheel = pypi(PYPI_WHEELS[2])
    with zipfile.ZipFile(wheel) as z:
        infos = [i for i in z.infolist() if not i.is_dir()]
        record_name = next(i.filename for i in infos if i.filename.endswith(".dist-info/RECORD"))
        rows = {r[0]: r for r in csv.reader(io.StringIO(z.read(record_name).decode())) if r}
        contents = {i.filename: z.read(i) for i in infos}
    victim = next(name for name in contents if name.endswith(".py") and rows.get(name, ["", ""])[1])
    tampered = dict(contents)
    tampered[victim] = contents[victim] + b"# changed\n"
    tampered["extra/not_in_record.txt"] = b"hello\n"
    copy = write_zip(tmp_path / pathlib.Path(wheel).name,
                     [(name, data, zipfile.ZIP_DEFLATED, 0o644) for name, data in tampered.items()])
    for source, changed in ((wheel, None), (copy, victim)):
        mount(source)
        for name in tampered if changed else contents:
            member = mount.path / name
            row = rows.get(name)
            if row is None or not row[1]:
                assert "user.wheelfs.record_match" not in os.listxattr(member), name
                with pytest.raises(OSError) as missing:
                    os.getxattr(member, "user.wheelfs.record_hash")
                assert missing.value.errno == errno.ENODATA
                continue
            assert os.getxattr(member, "user.wheelfs.record_hash").decode() == row[1]
            data = tampered[name] if changed else contents[name]
            expected = "yes" if record_b64(data) == row[1] and str(len(data)) == row[2] \
                else f"no: {record_b64(data)} {len(data)}"
            assert os.getxattr(member, "user.wheelfs.record_match").decode() == expected, name
            assert (expected == "yes") == (name != changed)
        mount.unmount()


# MARK: - Concurrency and memory


def read_all_members(args):
    """One reader process: every file of the mount, `passes` times, in its own rotated order.
    On every fifth pass the page cache is dropped for each file after reading it, so the next
    pass goes back to the daemon. Returns {name: sha256} and whether every pass agreed."""
    root, names, passes, start = args
    order = names[start:] + names[:start]
    digests = {}
    consistent = True
    for k in range(passes):
        for name in order:
            fd = os.open(os.path.join(root, name), os.O_RDONLY)
            try:
                h = hashlib.sha256()
                while chunk := os.read(fd, 1 << 20):
                    h.update(chunk)
                if k % 5 == 0:
                    os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)
            digest = h.hexdigest()
            if digests.setdefault(name, digest) != digest:
                consistent = False
    return digests, consistent


# Documented daemon overhead beyond --cache-size (docs/performance.md, "Memory"): the Swift
# runtime and libraries mapped into the process, the tree and zip index, libfuse's per-thread
# request buffers, and per-request copies.
OVERHEAD_MIB = 64


def test_eight_parallel_readers_get_identical_bytes_within_the_memory_bound(mount):
    wheel = pypi(SCIPY)
    cache_mib = 48
    pid = mount(wheel, "--cache-size", f"{cache_mib}M")
    with zipfile.ZipFile(wheel) as z:
        infos = [i for i in z.infolist() if not i.is_dir()]
        truth = {i.filename: hashlib.sha256(z.read(i)).hexdigest() for i in infos}
    names = sorted(truth)
    jobs = [(str(mount.path), names, 10, k * len(names) // 8) for k in range(8)]
    with concurrent.futures.ProcessPoolExecutor(8) as pool:
        results = list(pool.map(read_all_members, jobs))
    for digests, consistent in results:
        assert consistent
        assert digests == truth
    assert os.path.exists(f"/proc/{pid}"), "daemon died"
    peak = vm_hwm_kib(pid) // 1024
    print(f"daemon VmHWM {peak} MiB with --cache-size {cache_mib}M")
    assert peak <= cache_mib + OVERHEAD_MIB, f"daemon peak RSS {peak} MiB"
    mount.unmount()


def test_members_larger_than_the_cache_are_read_in_chunks(mount, tmp_path):
    """A 24 MiB member through an 8 MiB cache: random reads, a sequential read and the end."""
    wheel = pypi(SCIPY)
    with zipfile.ZipFile(wheel) as z:
        big = max(z.infolist(), key=lambda i: i.file_size)
        data = z.read(big)
    pid = mount(wheel, "--cache-size", "8M")
    path = mount.path / big.filename
    fd = os.open(path, os.O_RDONLY)
    try:
        for k in range(200):
            offset = (k * 7919 * 4099) % (len(data) - 4096)
            assert os.pread(fd, 4096, offset) == data[offset:offset + 4096], offset
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)
    assert path.read_bytes() == data
    assert vm_hwm_kib(pid) // 1024 <= 8 + OVERHEAD_MIB
    mount.unmount()


def fincore_bytes(path):
    """Bytes of `path` in the page cache, per util-linux fincore (mincore(2))."""
    r = subprocess.run(["fincore", "--bytes", "--noheadings", "--output", "RES", str(path)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return int(r.stdout.strip())


@pytest.mark.parametrize("cache, whole", [("2G", True), ("8M", False)])
def test_one_read_of_an_inflated_member_fills_the_page_cache(mount, cache, whole):
    """One 4 KiB read of plotly.min.js (4.6 MB) inflates it whole; the mount then copies it
    into the page cache, so the rest is read without a request. Members above an eighth of the
    cache are not copied (the copy outlives an eviction while it runs)."""
    wheel = pypi(PLOTLY)
    name = "plotly/package_data/plotly.min.js"
    with zipfile.ZipFile(wheel) as z:
        data = z.read(name)
    mount(wheel, "--cache-size", cache)
    path = mount.path / name
    assert fincore_bytes(path) == 0
    fd = os.open(path, os.O_RDONLY)
    try:
        assert os.pread(fd, 4096, 1 << 20) == data[1 << 20:(1 << 20) + 4096]
    finally:
        os.close(fd)
    full = (len(data) + 4095) // 4096 * 4096
    deadline = time.monotonic() + 5
    while fincore_bytes(path) < full and time.monotonic() < deadline:
        time.sleep(0.02)
    if whole:
        assert fincore_bytes(path) == full
    else:
        time.sleep(0.2)
        assert fincore_bytes(path) < full // 2
    assert path.read_bytes() == data
    mount.unmount()


# MARK: - Hostile archives


def patch(data, offset, new):
    return data[:offset] + new + data[offset + len(new):]


def local_header_offset(data, name):
    offset = data.find(b"PK\x03\x04")
    while offset >= 0:
        name_length = struct.unpack_from("<H", data, offset + 26)[0]
        if data[offset + 30:offset + 30 + name_length] == name.encode():
            return offset
        offset = data.find(b"PK\x03\x04", offset + 4)
    raise AssertionError(name)


def central_header_offset(data, name):
    offset = data.find(b"PK\x01\x02")
    while offset >= 0:
        name_length = struct.unpack_from("<H", data, offset + 28)[0]
        if data[offset + 46:offset + 46 + name_length] == name.encode():
            return offset
        offset = data.find(b"PK\x01\x02", offset + 4)
    raise AssertionError(name)


GOOD = ("hostile/good.txt", b"good bytes\n" * 1000, zipfile.ZIP_DEFLATED, 0o100644)


def hostile_wheel(tmp_path, case):
    path = tmp_path / f"{case}-1.0-py3-none-any.whl"
    if case == "bad-crc":
        bad = ("hostile/bad.txt", b"bad bytes\n" * 1000, zipfile.ZIP_DEFLATED, 0o100644)
        big = ("hostile/big.bin", os.urandom(3 * MB), zipfile.ZIP_DEFLATED, 0o100644)
        data = write_zip(path, [GOOD, bad, big]).read_bytes()
        for name in ("hostile/bad.txt", "hostile/big.bin"):
            for offset in (local_header_offset(data, name) + 14, central_header_offset(data, name) + 16):
                crc = struct.unpack_from("<I", data, offset)[0]
                data = patch(data, offset, struct.pack("<I", crc ^ 0x5A5A5A5A))
        path.write_bytes(data)
    elif case == "truncated":
        data = write_zip(path, [GOOD, ("hostile/more.bin", os.urandom(MB), zipfile.ZIP_STORED, 0o100644)]).read_bytes()
        path.write_bytes(data[:len(data) * 6 // 10])
    elif case == "dotdot":
        write_zip(path, [GOOD, ("../evil.txt", b"evil\n", zipfile.ZIP_DEFLATED, 0o100644),
                         ("hostile/../../evil2.txt", b"evil\n", zipfile.ZIP_DEFLATED, 0o100644),
                         ("/abs.txt", b"evil\n", zipfile.ZIP_DEFLATED, 0o100644)])
    elif case == "duplicate":
        with pytest.warns(UserWarning):
            write_zip(path, [GOOD, ("hostile/twice.txt", b"first\n", zipfile.ZIP_DEFLATED, 0o100644),
                             ("hostile/twice.txt", b"second\n", zipfile.ZIP_DEFLATED, 0o100644)])
    elif case == "method":
        write_zip(path, [GOOD, ("hostile/lzma.txt", b"lzma\n" * 100, zipfile.ZIP_LZMA, 0o100644),
                         ("hostile/bz2.txt", b"bz2\n" * 100, zipfile.ZIP_BZIP2, 0o100644)])
    elif case == "symlink":
        write_zip(path, [GOOD, ("hostile/escape", b"../../../etc/passwd", zipfile.ZIP_STORED, 0o120777),
                         ("hostile/absolute", b"/etc/passwd", zipfile.ZIP_STORED, 0o120777)])
    elif case == "lying-header":
        liar = ("hostile/liar.txt", b"liar\n" * 100, zipfile.ZIP_DEFLATED, 0o100644)
        data = write_zip(path, [GOOD, liar]).read_bytes()
        offset = local_header_offset(data, "hostile/liar.txt")
        data = patch(data, offset + 30, b"H")  # the local header's name no longer matches
        path.write_bytes(data)
    return path


def assert_serving(mount, pid):
    assert os.path.exists(f"/proc/{pid}"), "daemon died"
    assert (mount.path / GOOD[0]).read_bytes() == GOOD[1]


def assert_eio(path):
    with pytest.raises(OSError) as failed:
        with open(path, "rb") as f:
            f.read()
    assert failed.value.errno == errno.EIO, path
    r = sh(f"cat {path} > /dev/null")
    assert r.returncode != 0 and "Input/output error" in r.stderr


def test_hostile_bad_crc_gives_eio_for_that_member_only(mount, tmp_path):
    wheel = hostile_wheel(tmp_path, "bad-crc")
    pid = mount(wheel, "--cache-size", "1M")  # big.bin (3 MiB) is read in chunks
    assert (mount.path / "hostile/bad.txt").stat().st_size == 10_000
    assert_eio(mount.path / "hostile/bad.txt")
    assert_eio(mount.path / "hostile/big.bin")
    assert_serving(mount, pid)
    # Once the chunked first pass has found the mismatch, every read of it fails (the page
    # cache is dropped first, so that the read reaches the daemon).
    with pytest.raises(OSError) as failed:
        fd = os.open(mount.path / "hostile/big.bin", os.O_RDONLY)
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            os.pread(fd, 100, 0)
        finally:
            os.close(fd)
    assert failed.value.errno == errno.EIO
    assert_serving(mount, pid)
    mount.unmount()


def test_hostile_truncated_archive_is_refused_with_a_message(wheelfs, mount, tmp_path):
    wheel = hostile_wheel(tmp_path, "truncated")
    r = run([wheelfs, "mount", str(wheel), str(mount.path)], timeout=60)
    assert r.returncode == 1
    assert r.stderr.startswith("Error: not a zip archive: no end-of-central-directory record")
    assert not mounted(mount.path) and daemon_pid(mount.path) is None


def test_hostile_names_outside_the_root_are_not_shown(mount, tmp_path):
    wheel = hostile_wheel(tmp_path, "dotdot")
    pid = mount(wheel)
    assert sorted(mounted_tree(mount.path)) == ["hostile", "hostile/good.txt"]
    assert not (tmp_path / "evil.txt").exists() and not pathlib.Path("/abs.txt").exists()
    assert_serving(mount, pid)
    mount.unmount()


def test_hostile_duplicate_names_are_not_served(mount, tmp_path):
    wheel = hostile_wheel(tmp_path, "duplicate")
    pid = mount(wheel)
    # Listed once (the first entry's metadata), but neither copy is served: reading is EIO.
    assert sorted(os.listdir(mount.path / "hostile")) == ["good.txt", "twice.txt"]
    assert (mount.path / "hostile/twice.txt").stat().st_size == len(b"first\n")
    assert_eio(mount.path / "hostile/twice.txt")
    assert_serving(mount, pid)
    mount.unmount()


def test_hostile_unsupported_methods_give_eio(mount, tmp_path):
    wheel = hostile_wheel(tmp_path, "method")
    pid = mount(wheel)
    for name in ("hostile/lzma.txt", "hostile/bz2.txt"):
        assert (mount.path / name).stat().st_size == (500 if "lzma" in name else 400)
        assert_eio(mount.path / name)
    assert_serving(mount, pid)
    mount.unmount()


def test_hostile_symlinks_escaping_the_root_are_not_shown(mount, tmp_path):
    wheel = hostile_wheel(tmp_path, "symlink")
    pid = mount(wheel)
    for name in ("hostile/escape", "hostile/absolute"):
        assert not os.path.lexists(mount.path / name)
    assert sorted(os.listdir(mount.path / "hostile")) == ["good.txt"]
    assert_serving(mount, pid)
    mount.unmount()


def test_hostile_lying_local_header_gives_eio(mount, tmp_path):
    wheel = hostile_wheel(tmp_path, "lying-header")
    pid = mount(wheel)
    assert (mount.path / "hostile/liar.txt").stat().st_size == 500
    assert_eio(mount.path / "hostile/liar.txt")
    assert_serving(mount, pid)
    mount.unmount()


# MARK: - Lifecycle on a real wheel


def test_kill9_then_a_new_mount_on_the_same_path_works(mount):
    wheel = pypi(PYPI_WHEELS[3])
    pid = mount(wheel)
    os.kill(pid, signal.SIGKILL)
    assert wait_until(lambda: daemon_pid(mount.path) is None)
    with pytest.raises(OSError) as stale:
        os.listdir(mount.path)
    assert stale.value.errno in (errno.ENOTCONN, errno.ECONNABORTED)
    mount(wheel)
    assert mounted_tree(mount.path) == expected_tree(wheel)
    with open("/proc/mounts") as f:
        assert sum(line.split()[1] == str(mount.path) for line in f) == 1
    mount.unmount()
