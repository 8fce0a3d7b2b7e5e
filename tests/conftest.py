"""Fixtures shared by the tests in this folder."""

from chromium import browser  # noqa: F401  (Debian's Chromium, for every browser test)
