"""The Vietnamese catalogues are complete and compiled.

``makemessages`` runs over a copy of the project, as a developer would before a release: every string the
code and templates mark for translation must already be translated in the catalogue it lands in, none
fuzzy, and every committed ``.mo`` must hold what its ``.po`` says. Needs GNU gettext (Debian's
``gettext``), which ``makemessages`` itself needs.
"""

from __future__ import annotations

import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import _missing

ROOT = Path(__file__).resolve().parents[2]
IGNORED = [".venv", "tests", "bench", "node_modules", "staticfiles", "media", ".pytest_cache", "deploy"]


def _po_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("django.po") if ".venv" not in p.parts)


def _entries(po: Path, *flags: str) -> list[str]:
    """The msgids ``msgattrib`` selects with ``flags`` (the header excluded), one string each."""
    out = subprocess.run(
        ["msgattrib", "--no-obsolete", "--no-wrap", *flags, str(po)], capture_output=True, text=True, check=True
    ).stdout
    ids = [line[len("msgid ") :] for line in out.splitlines() if line.startswith("msgid ")]
    return [i for i in ids if i != '""']


@pytest.fixture(scope="module")
def gettext_tools() -> None:
    if not shutil.which("msgattrib") or not shutil.which("xgettext"):
        _missing("needs GNU gettext (apt-get install gettext)")


def test_every_marked_string_is_translated(gettext_tools, tmp_path):
    copy = tmp_path / "project"
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    for name in filter(None, files.split("\0")):
        source = ROOT / name
        if source.is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)
    command = [sys.executable, "manage.py", "makemessages", "-l", "vi", "--no-obsolete"]
    command += [f"--ignore={name}/*" for name in IGNORED]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    subprocess.run(command, cwd=copy, env=env, capture_output=True, text=True, check=True)
    missing = {
        str(po.relative_to(copy)): _entries(po, "--untranslated") + _entries(po, "--only-fuzzy")
        for po in _po_files(copy)
    }
    missing = {po: ids for po, ids in missing.items() if ids}
    assert not missing, f"untranslated or fuzzy after makemessages: {missing}"


def test_every_committed_mo_matches_its_po(gettext_tools, tmp_path):
    stale = []
    for po in _po_files(ROOT):
        compiled = tmp_path / "fresh.mo"
        subprocess.run(["msgfmt", "-o", str(compiled), str(po)], check=True)
        with compiled.open("rb") as fresh, po.with_suffix(".mo").open("rb") as committed:
            if gettext.GNUTranslations(fresh)._catalog != gettext.GNUTranslations(committed)._catalog:
                stale.append(str(po.relative_to(ROOT)))
    assert not stale, f"recompile with msgfmt: {stale}"
