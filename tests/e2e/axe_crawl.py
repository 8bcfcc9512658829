"""Walking what each role's navigation offers and running axe-core on every page, at phone and desktop size.

``crawl`` signs in once per role (one browser context each), collects the links of the navbar and of the
home page (same origin, GET, never sign-out), visits each, then one page of each further kind those pages
link to, and runs axe on each page at 390×844 and 1366×900. Pages are told apart by their Django view
(``resolve(path).view_name``), so two units or two items are one kind: each is visited once per role.

Used by ``tests/e2e/test_accessibility.py``; runnable alone against a running server for a quick look::

    python -m tests.e2e.axe_crawl http://127.0.0.1:8000
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urlsplit

PASSWORD_DEMO = "demo12345"
SIZES = {"390×844": {"width": 390, "height": 844}, "1366×900": {"width": 1366, "height": 900}}
# The demo's roles of both committees (home/demo/*.json): (account, group); None is a visitor who is not
# signed in. A page kind is checked once per group (a unit's member and committee-wide staff see different
# pages behind one URL), by the first role of the group that is offered it; every role's home page is checked.
ROLES = {
    "anonymous": (None, "public"),
    "Sầm Sơn ward": ("btt.quang-cu-sam-son", "unit"),
    "Sóc Trăng correspondent": ("ctv.ke-sach", "unit"),
    "Sóc Trăng unit lead": ("btt.ke-sach", "unit"),
    "Sóc Trăng department": ("tuyengiao", "committee"),
    "Sóc Trăng editor": ("bientap", "committee"),
    "Sóc Trăng admin": ("admin", "committee"),
    "Sầm Sơn city propaganda": ("tuyengiao.sam-son", "committee"),
    "Sầm Sơn editor": ("bientap.sam-son", "committee"),
}
# What a visitor who is not signed in can reach: the public news sites and the sign-in page.
ANONYMOUS_START = ["/", "/soc-trang/", "/sam-son/", "/accounts/login/"]
SERIOUS = {"serious", "critical"}
# Never followed: they sign out, switch the language, or are Django's own admin site (not our markup).
SKIPPED_PREFIXES = ("/accounts/logout", "/i18n/", "/admin/", "/static/", "/media/")


@dataclass(frozen=True)
class Violation:
    role: str
    size: str
    path: str
    rule: str
    impact: str
    help: str
    nodes: tuple[str, ...]

    def __str__(self) -> str:
        lines = [f"{self.path} [{self.role}, {self.size}] {self.rule} ({self.impact}): {self.help}"]
        lines += [f"    {node}" for node in self.nodes[:5]]
        if len(self.nodes) > 5:
            lines.append(f"    … and {len(self.nodes) - 5} more")
        return "\n".join(lines)


@dataclass
class Walk:
    violations: list[Violation] = field(default_factory=list)
    visited: dict[str, list[str]] = field(default_factory=dict)  # role -> paths
    errors: list[str] = field(default_factory=list)  # links the navigation offers that answer an error

    def report(self) -> str:
        return "\n".join(str(v) for v in self.violations)


def page_kind(path: str) -> str:
    """The Django view a path resolves to (one visit per kind), or the path itself if it does not resolve."""
    from django.urls import Resolver404, resolve

    try:
        match = resolve(path)
    except Resolver404:
        return path
    return match.view_name or match._func_path


def _links(page, base_url: str, selector: str) -> list[str]:
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(base_url))
    hrefs = page.eval_on_selector_all(
        selector,
        "els => els.filter(a => !a.hasAttribute('download') && !a.closest('form')).map(a => a.href)",
    )
    paths = []
    for href in hrefs:
        href, _ = urldefrag(href)
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != origin or not parts.path:
            continue
        if parts.path.startswith(SKIPPED_PREFIXES):
            continue
        paths.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return paths


def _unique_kinds(paths: Iterable[str], seen: set[str]) -> list[str]:
    chosen = []
    for path in paths:
        kind = page_kind(urlsplit(path).path)
        if kind not in seen:
            seen.add(kind)
            chosen.append(path)
    return chosen


def _open(page, url: str, walk: Walk, role: str) -> bool:
    """Go to ``url``; False when it is not an HTML page (a download, an export) or answers an error."""
    try:
        response = page.goto(url, wait_until="load")
    except Exception as error:  # Playwright raises when the URL starts a download.
        if "Download is starting" in str(error):
            return False
        raise
    if response is None:
        return False
    if response.status >= 400:
        walk.errors.append(f"{urlsplit(url).path}?{urlsplit(url).query} [{role}] answered {response.status}")
        return False
    return "text/html" in response.headers.get("content-type", "")


def _axe(page, *, role: str, size: str, path: str) -> list[Violation]:
    results = page.evaluate("axe.run({resultTypes: ['violations']})")
    found = []
    for v in results["violations"]:
        if v.get("impact") not in SERIOUS:
            continue
        nodes = tuple(_node(node) for node in v["nodes"])
        found.append(Violation(role, size, path, v["id"], v["impact"], v["help"], nodes))
    return found


def _node(node: dict) -> str:
    """Where (CSS selector), what (the element's opening markup) and why (axe's first message)."""
    target = " ".join(map(str, node["target"]))
    html = " ".join(node.get("html", "").split())[:140]
    messages = [check["message"] for check in node.get("any", []) + node.get("all", []) + node.get("none", [])]
    why = " ".join(messages[0].split())[:160] if messages else ""
    return f"{target}  {html}  — {why}"


def sign_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/home/")


def _visit(page, walk: Walk, role: str, base_url: str, path: str) -> list[str]:
    """Check ``path`` at both sizes; the same-origin links of its main part."""
    page.set_viewport_size(SIZES["390×844"])
    if not _open(page, base_url + path, walk, role):
        return []
    walk.visited.setdefault(role, []).append(path)
    links = _links(page, base_url, "main a[href]")
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)  # the same page, laid out again at this width
        walk.violations += _axe(page, role=role, size=size, path=path)
    return links


def crawl(
    browser, base_url: str, *, roles: dict[str, tuple[str | None, str]] = ROLES, password: str = PASSWORD_DEMO
) -> Walk:
    """For each role: its home page, then each kind of page its navigation offers (navbar, account menu, the
    home page's links) and one page of each further kind those pages link to, skipping the kinds an earlier
    role of its group already had checked."""
    from axe_playwright_python.base import AXE_SCRIPT

    walk = Walk()
    seen_by_group: dict[str, set[str]] = {}
    for role, (username, group) in roles.items():
        seen = seen_by_group.setdefault(group, set())
        context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport=SIZES["1366×900"])
        # axe-core is loaded into every page as it opens (an init script is not subject to the CSP).
        context.add_init_script(AXE_SCRIPT)
        page = context.new_page()
        page.set_default_timeout(15_000)

        try:
            if username:
                sign_in(page, base_url, username, password)
                offered = _links(page, base_url, "nav a[href], main a[href]")
                deeper = _visit(page, walk, role, base_url, "/home/")
                seen.add(page_kind("/home/"))
            else:
                offered, deeper = ANONYMOUS_START, []
            for path in _unique_kinds(offered, seen):
                deeper += _visit(page, walk, role, base_url, path)
            for path in _unique_kinds(deeper, seen):
                _visit(page, walk, role, base_url, path)
        finally:
            context.close()
    return walk


def main(base_url: str) -> None:
    import django
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    django.setup()
    from tests.e2e.browser import CHROMIUM_ARGS

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"), args=CHROMIUM_ARGS
        )
        walk = crawl(browser, base_url.rstrip("/"))
        browser.close()
    for role, paths in walk.visited.items():
        print(f"{role}: {len(paths)} pages: {' '.join(paths)}")
    print("\n".join(walk.errors))
    print(walk.report() or "no serious or critical violations")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
