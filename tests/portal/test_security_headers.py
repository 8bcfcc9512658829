"""Security headers: a Content-Security-Policy that allows no inline script (and no template has
one, nor an on*= handler), a Permissions-Policy, HSTS and the HTTPS redirect on in the production
shape and switchable from the environment, and Django's deploy check clean at warning level."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIRS = [ROOT / "templates", *ROOT.glob("*/templates")]


def _production_env(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PORTAL_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_ALLOWED_HOSTS="portal.example.vn",
        DJANGO_BEHIND_PROXY="1",
        **overrides,
    )
    return env


def _setting(name: str, **env: str) -> str:
    code = f"import django; django.setup(); from django.conf import settings; print(settings.{name})"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=_production_env(**env), capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_the_deploy_check_is_clean_at_warning_level_under_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=_production_env(), capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_https_redirect_and_hsts_are_on_in_production_and_switchable():
    assert _setting("SECURE_SSL_REDIRECT") == "True"
    assert int(_setting("SECURE_HSTS_SECONDS")) >= 31536000
    assert _setting("SECURE_SSL_REDIRECT", DJANGO_SSL_REDIRECT="0") == "False"
    assert _setting("SECURE_HSTS_SECONDS", DJANGO_HSTS_SECONDS="600") == "600"
    assert _setting("SECURE_SSL_REDIRECT", DJANGO_DEBUG="1") == "False"


@pytest.mark.django_db
def test_every_answer_has_the_content_security_policy_and_permissions_policy(client, alice):
    client.force_login(alice)
    for url in (
        reverse("account_login"),
        reverse("home:home"),
        reverse("submissions:public_index", args=[alice.unit.committee.code]),
    ):
        response = client.get(url)
        csp = response["Content-Security-Policy"]
        script_src = re.search(r"script-src ([^;]+)", csp).group(1)
        assert script_src.strip() == "'self'"  # no 'unsafe-inline', no 'unsafe-eval'
        assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
        assert "camera=()" in response["Permissions-Policy"]


class _InlineScriptFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in_inline_script = False

    def handle_starttag(self, tag, attrs) -> None:
        attributes = dict(attrs)
        self.found += [f"<{tag} {name}=...>" for name, _value in attrs if name.startswith("on")]
        href = (attributes.get("href") or "").strip().lower()
        if href.startswith("javascript:"):
            self.found.append(f"<{tag} href=javascript:...>")
        data_block = (attributes.get("type") or "").lower() in ("application/json", "application/ld+json")
        self._in_inline_script = tag == "script" and "src" not in attributes and not data_block

    def handle_data(self, data) -> None:
        if self._in_inline_script and data.strip():
            self.found.append(f"<script>{data.strip()[:60]}</script>")

    def handle_endtag(self, tag) -> None:
        if tag == "script":
            self._in_inline_script = False


def _inline_scripts(html: str) -> list[str]:
    finder = _InlineScriptFinder()
    finder.feed(html)
    return finder.found


def test_no_template_of_the_portal_has_an_inline_script_or_handler():
    found = []
    for folder in TEMPLATE_DIRS:
        for path in folder.rglob("*.html"):
            text = path.read_text(encoding="utf-8")
            found += [f"{path.relative_to(ROOT)}: {hit}" for hit in _inline_scripts(text)]
            found += [f"{path.relative_to(ROOT)}: on*= {m}" for m in re.findall(r"\s(on[a-z]+)\s*=", text)]
    assert found == []


@pytest.mark.django_db
def test_the_rendered_pages_have_no_inline_script(client, alice, editor):
    from tests.submissions.conftest import make_published

    item = make_published(alice, editor)
    pages = {
        None: [reverse("account_login"), reverse("submissions:public_index", args=[item.committee.code]),
               reverse("submissions:public_item", args=[item.committee.code, item.pk])],
        alice: [reverse("home:home"), reverse("submissions:item_list"), reverse("submissions:item_create"),
                reverse("submissions:item_detail", args=[item.pk])],
        editor: [reverse("submissions:review_queue"), reverse("submissions:copy_edit", args=[item.pk]),
                 reverse("mfa_index")],
    }  # fmt: skip
    found = []
    for user, urls in pages.items():
        if user is not None:
            client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            found += [f"{url}: {hit}" for hit in _inline_scripts(response.content.decode())]
    assert found == []


def test_the_health_check_is_answered_over_plain_http_in_production(tmp_path):
    code = (
        "import django; django.setup(); from django.test import Client; "
        "print(Client().get('/healthz', HTTP_HOST='portal.example.vn').status_code, "
        "Client().get('/', HTTP_HOST='portal.example.vn').status_code)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=_production_env(DJANGO_DEBUG="0", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}"),
        capture_output=True, text=True,
    )  # fmt: skip
    assert out.stdout.split()[-2:] == ["200", "301"], out.stderr[-2000:]
