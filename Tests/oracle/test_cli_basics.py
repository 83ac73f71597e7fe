from conftest import run


def test_version(wheelfs):
    r = run([wheelfs, "--version"])
    assert r.returncode == 0
    assert r.stdout.strip() == "0.1.0"
