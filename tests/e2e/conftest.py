"""Helpers for browser tests of items: signing in through the real form, photos on disk."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import PASSWORD

# Playwright's sync API runs an event loop in the test's thread; the ORM calls in the tests are safe.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


def sign_in(page, base_url: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/home/")


@pytest.fixture
def photo_files(tmp_path: Path) -> dict[str, Path]:
    from tests.submissions.conftest import jpeg_bytes

    files = {"good": tmp_path / "le-tuyen-duong.jpg", "blurred": tmp_path / "anh-mo.jpg"}
    files["good"].write_bytes(jpeg_bytes())
    files["blurred"].write_bytes(jpeg_bytes(blurred=True, seed=4))
    return files
