"""Code and tests that cite "rule N" find it in the repository: docs/rules.md has a section for every rule
cited, and nothing points at a file outside the repository instead."""

from __future__ import annotations

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CITATION = re.compile(r"\b[Rr]ules? (\d+)(?:(?:, | and )(\d+))*")
OUTSIDE_NOTES = "PRODUCT" + ".md"  # spelled in two parts so that this file does not cite it


def project_files() -> list[Path]:
    found = []
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in ("migrations", "node_modules", "out")]
        found += [Path(folder, name) for name in files if name.endswith((".py", ".html"))]
    return found


def test_every_cited_rule_has_a_section_in_docs_rules_md():
    sections = {int(n) for n in re.findall(r"^## Rule (\d+)\. ", (ROOT / "docs/rules.md").read_text(), re.M)}
    assert sections == set(range(1, 9))
    cited = {
        (path.relative_to(ROOT).as_posix(), int(number))
        for path in project_files()
        for match in CITATION.finditer(path.read_text(encoding="utf-8"))
        for number in re.findall(r"\d+", match.group(0))
    }
    assert cited, "the search found no citation at all: the pattern is wrong"
    assert not {(path, n) for path, n in cited if n not in sections}


def test_no_code_or_test_points_at_the_product_notes_outside_the_repository():
    assert not [path for path in project_files() if OUTSIDE_NOTES in path.read_text(encoding="utf-8")]
