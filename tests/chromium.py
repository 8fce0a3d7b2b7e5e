"""What the browser tests share: Debian's headless Chromium, driven by Playwright, and where screenshots go.

The tests never let Playwright download a browser: they launch /usr/bin/chromium (apt-get install -y
chromium). Without it, or without the playwright package, a browser test is skipped locally but fails on
CI (the CI variable set), where it must run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

try:
    from playwright.sync_api import Browser, sync_playwright
except ImportError:  # reported by the fixture: a skip locally, a failure on CI
    sync_playwright = None

ARTIFACTS = Path(os.environ.get("BROWSER_ARTIFACTS", "/tmp/course-browser-artifacts"))
CHROMIUM = Path("/usr/bin/chromium")
# Headless, and without the background connections a closed network would refuse.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def require(available: bool, problem: str) -> None:
    """Skip when a browser-test tool is missing, but fail on CI, where it must be installed."""
    if available:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{problem} (CI must run the browser tests)", pytrace=False)
    pytest.skip(problem)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, driven by Playwright."""
    require(sync_playwright is not None,
            "the playwright package is missing: pip install playwright (and never `playwright install`)")
    require(CHROMIUM.is_file(), f"{CHROMIUM} is missing: apt-get install -y chromium")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()
