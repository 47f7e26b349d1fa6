"""scripts/setup installs what it says: the optional parts (tor, chromium, redis, the browser user)
only with --with, and apt's output when apt fails. Run on a copy of the script with stub apt-get,
useradd and getent on PATH, so nothing is installed here."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

SETUP = Path(__file__).resolve().parent.parent / "scripts" / "setup"
TOOLS = ("bash", "dirname", "sed", "mktemp", "cat", "rm", "grep", "id")


@pytest.fixture
def machine(tmp_path):
    """A checkout with a ready .venv stub and a PATH on which no optional part is installed."""
    checkout, bin_dir = tmp_path / "checkout", tmp_path / "bin"
    (checkout / "scripts").mkdir(parents=True)
    shutil.copy(SETUP, checkout / "scripts" / "setup")
    venv_python = checkout / ".venv" / "bin" / "python"
    venv_python.parent.mkdir(parents=True)
    venv_python.write_text("#!/bin/sh\nexit 0\n")
    bin_dir.mkdir()
    for tool in TOOLS:
        (bin_dir / tool).symlink_to(shutil.which(tool))
    log = tmp_path / "calls.log"
    stubs = {
        "apt-get": f'echo "apt-get $*" >> {log}\n[ -z "${{APT_FAILS:-}}" ] || {{ echo "E: Unable to locate package $APT_FAILS"; exit 100; }}',
        "useradd": f'echo "useradd $*" >> {log}',
        "getent": "exit 2",
        "fc-list": "exit 0",
    }
    for name, body in stubs.items():
        (bin_dir / name).write_text(f"#!/bin/bash\n{body}\n")
        (bin_dir / name).chmod(0o755)
    venv_python.chmod(0o755)

    def run(*args, **env):
        done = subprocess.run([str(checkout / "scripts" / "setup"), *args], capture_output=True, text=True,
                              env={"PATH": str(bin_dir), "HOME": str(tmp_path), **env}, timeout=60)
        return done, log.read_text() if log.exists() else ""
    return run


def test_without_options_no_tor_browser_or_redis(machine):
    done, calls = machine()
    assert done.returncode == 0, done.stderr
    install = next(line for line in calls.splitlines() if " install " in line)
    assert "openjdk-17-jre-headless" in install and "maven" in install and "fonts-noto-cjk" in install
    for optional in ("tor", "chromium", "redis-server"):
        assert optional not in install.split()
    assert "useradd" not in calls
    assert "installing Debian packages: openjdk-17-jre-headless maven fonts-noto-cjk" in done.stdout


def test_with_tor_browser_redis_installs_them_and_the_browser_user(machine):
    if os.geteuid() != 0:
        pytest.skip("the browser user is created only as root")
    done, calls = machine("--with", "tor,browser,redis")
    assert done.returncode == 0, done.stderr
    install = next(line for line in calls.splitlines() if " install " in line).split()
    already = {"tor"} if os.access("/usr/sbin/tor", os.X_OK) else set()   # found outside PATH, as setup checks
    assert {"tor", "chromium", "redis-server"} - already <= set(install)
    assert "useradd --system" in calls and "leakscout-browser" in calls
    assert "creating the system user leakscout-browser" in done.stdout


def test_apt_output_is_shown_when_it_fails(machine):
    done, _ = machine("--with=redis", APT_FAILS="redis-server")
    assert done.returncode == 1
    assert "E: Unable to locate package redis-server" in done.stderr
    assert "apt-get failed (its output is above)" in done.stderr


def test_unknown_part_is_bad_usage(machine):
    done, calls = machine("--with", "tor,gpu")
    assert done.returncode == 2 and "unknown part 'gpu' (choose from tor, browser, redis)" in done.stderr
    assert calls == ""


def test_the_first_command_that_needs_a_missing_part_says_how_to_install_it(tmp_path, monkeypatch):
    from leakscout.core.setup_hints import missing_hint

    bash = shutil.which("bash")
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("LEAKSCOUT_CHROMIUM", str(tmp_path / "chromium"))
    assert missing_hint("browser") == ("; chromium is not installed here: `scripts/setup --with browser` installs it "
                                       "(Debian package chromium)")
    assert "`scripts/setup --with redis`" in missing_hint("redis")
    monkeypatch.setenv("LEAKSCOUT_CHROMIUM", bash)
    assert missing_hint("browser") == ""
