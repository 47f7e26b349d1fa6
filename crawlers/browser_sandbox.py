"""Chromium with its sandbox: listing pages are only ever executed inside sandboxed renderers.

Chromium confines each renderer in new user, PID and network namespaces with a seccomp-bpf
filter, but refuses to do so as root. So, as root, Playwright starts Chromium through
``data/chromium-sandboxed``, which drops to the unprivileged user ``LEAKSCOUT_BROWSER_USER``
(``leakscout-browser``, created by scripts/setup); as any other user Chromium is started directly.
Playwright passes ``--no-sandbox`` unless ``chromium_sandbox`` is true, so it always is here.

Once per crawl, :class:`BrowserSandboxAddon` checks that the sandbox can start (the browser user
can create the namespaces). If it cannot, ``LEAKSCOUT_BROWSER_SANDBOX`` decides:

* ``require`` (default): pages that need the browser are not rendered (fail closed);
* ``fallback``: they are rendered by Chromium without its sandbox, with a warning.

Either way the crawl log says why, and the stat ``leakscout/browser/sandbox_unavailable`` is 1
(``leakscout/browser/refused`` counts pages not rendered, ``leakscout/browser/unsandboxed`` is 1
when rendering went ahead without the sandbox).
"""
from __future__ import annotations

import logging
import os
import pwd
import shutil
import subprocess
from importlib import resources
from pathlib import Path

from scrapy.exceptions import IgnoreRequest

logger = logging.getLogger(__name__)


def _wrapper() -> Path:
    """data/chromium-sandboxed as an executable file: the file itself in a checkout or an installed
    package; from a zipped egg (scrapyd) a copy in LEAKSCOUT_HOME/bin."""
    resource = resources.files("leakscout").joinpath("data/chromium-sandboxed")
    if isinstance(resource, Path):
        return resource.resolve()
    from leakscout.core.config import load_settings

    target = load_settings().home / "bin" / "chromium-sandboxed"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(resource.read_bytes())
    target.chmod(0o755)
    return target


WRAPPER = _wrapper()
DEFAULT_BROWSER_USER = "leakscout-browser"
POLICIES = ("require", "fallback")


def browser_user() -> str:
    return os.environ.get("LEAKSCOUT_BROWSER_USER") or DEFAULT_BROWSER_USER


def launch_options(chromium: str, args: list[str]) -> dict:
    """PLAYWRIGHT_LAUNCH_OPTIONS for a sandboxed Chromium (the wrapper reads LEAKSCOUT_CHROMIUM)."""
    return {
        "executable_path": str(WRAPPER) if os.geteuid() == 0 else chromium,
        "chromium_sandbox": True,
        "headless": True,
        "args": list(args),
    }


def unsandboxed_launch_options(options: dict, chromium: str) -> dict:
    return {**options, "executable_path": chromium, "chromium_sandbox": False}


def sandbox_problem() -> str | None:
    """None when Chromium's namespace sandbox can start here, else why it cannot."""
    command = ["unshare", "--user", "--pid", "--net", "--fork", "true"]
    from leakscout.core.setup_hints import installed, missing_hint

    if not installed("browser"):
        return missing_hint("browser").lstrip("; ")
    if os.geteuid() == 0:
        user = browser_user()
        try:
            pwd.getpwnam(user)
        except KeyError:
            return f"the browser user {user!r} does not exist (`scripts/setup --with browser` creates it)"
        if not os.access(WRAPPER, os.X_OK):
            return f"{WRAPPER} is not executable"
        if shutil.which("setpriv") is None:
            return "setpriv (util-linux) is not installed"
        command = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", "--no-new-privs", *command]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"cannot check for user namespaces: {exc}"
    if done.returncode != 0:
        return f"user namespaces are not available: {done.stderr.strip() or f'exit status {done.returncode}'}"
    return None


class BrowserSandboxAddon:
    """Scrapy add-on (ADDONS): checks the sandbox once per crawl and applies the policy."""

    def update_settings(self, settings) -> None:
        policy = settings.get("LEAKSCOUT_BROWSER_SANDBOX")
        if policy not in POLICIES:
            raise ValueError(f"LEAKSCOUT_BROWSER_SANDBOX must be one of {', '.join(POLICIES)}, not {policy!r}")
        problem = sandbox_problem()
        if problem is None:
            return
        settings.set("LEAKSCOUT_BROWSER_SANDBOX_PROBLEM", problem, priority="addon")
        if policy == "fallback":
            options = settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS")
            chromium = os.environ.get("LEAKSCOUT_CHROMIUM", "/usr/bin/chromium")
            settings.set("PLAYWRIGHT_LAUNCH_OPTIONS", unsandboxed_launch_options(options, chromium),
                         priority=settings.getpriority("PLAYWRIGHT_LAUNCH_OPTIONS"))
        # Before BrowserPageMiddleware (80), so a refused page gets no context or screenshot.
        settings["DOWNLOADER_MIDDLEWARES"][f"{__name__}.SandboxUnavailableMiddleware"] = 75


class SandboxUnavailableMiddleware:
    """Installed only when the sandbox cannot start: at the first page that needs the browser it
    says so loudly (a crawl that renders nothing stays quiet), and under ``require`` it refuses
    every such page."""

    def __init__(self, crawler):
        self.stats = crawler.stats
        self.problem = crawler.settings.get("LEAKSCOUT_BROWSER_SANDBOX_PROBLEM")
        self.refuse = crawler.settings.get("LEAKSCOUT_BROWSER_SANDBOX") == "require"
        self.announced = False

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request):
        if not request.meta.get("playwright"):
            return None
        if not self.announced:
            self._announce()
        if self.refuse:
            self.stats.inc_value("leakscout/browser/refused")
            raise IgnoreRequest(f"not rendered: Chromium's sandbox cannot start ({self.problem})")
        return None

    def _announce(self) -> None:
        self.announced = True
        self.stats.set_value("leakscout/browser/sandbox_unavailable", 1)
        if self.refuse:
            logger.error("Chromium's sandbox cannot start: %s. JavaScript pages will NOT be rendered "
                         "(LEAKSCOUT_BROWSER_SANDBOX=require).", self.problem)
        else:
            self.stats.set_value("leakscout/browser/unsandboxed", 1)
            logger.warning("Chromium's sandbox cannot start: %s. JavaScript pages are rendered WITHOUT "
                           "the sandbox (LEAKSCOUT_BROWSER_SANDBOX=fallback): a browser exploit on a "
                           "listing page would run unconfined.", self.problem)
