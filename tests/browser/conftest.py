"""The built site served on 127.0.0.1 and a headless Chromium (Debian's, driven by Playwright) to look at it."""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = PROJECT / "build" / "screenshots"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    completed = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
                               cwd=PROJECT, capture_output=True, text=True, timeout=300,
                               env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1"})
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert "WARNING" not in completed.stderr, completed.stderr[-3000:]
    return out


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site_url(built_site) -> str:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(built_site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: run `bash site/install-browser.sh` (scripts/test.sh does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=str(CHROMIUM), headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            viewport={"width": 1200, "height": 900})
        yield context
        context.close()


class Visit:
    """One page load, with every request, console error and page error it caused."""

    def __init__(self, context, url: str) -> None:
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page = context.new_page()
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("response", lambda response: self.errors.append(f"HTTP {response.status}: {response.url}")
                     if response.status >= 400 else None)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.goto(url, wait_until="networkidle")

    def _console(self, message) -> None:
        if message.type != "error":
            return
        self.errors.append(message.text)

    def wait_for_math(self) -> None:
        self.page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
        self.page.evaluate("() => MathJax.startup.promise")


@pytest.fixture
def visit(browser_context):
    opened: list[Visit] = []

    def open_page(url: str) -> Visit:
        opened.append(Visit(browser_context, url))
        return opened[-1]

    yield open_page
    for item in opened:
        item.page.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    return SCREENSHOTS
