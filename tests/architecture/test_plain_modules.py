"""The plain rule and workflow modules import no Django, so they can be read, tested and reused alone.

A module passes when neither it nor any project module it imports (directly or further down, including
imports inside functions) imports ``django``. Imports under ``if TYPE_CHECKING:`` do not run and are not
counted. Each module's package ``__init__`` is not followed: importing ``portal`` starts the Celery app,
which is the package's business, not the rule module's. See docs/architecture.md.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Every plain module, and for those still to come the change that brings them: until their file exists
# the test skips them and says why; an existing module is always checked.
PLAIN_MODULES: dict[str, str | None] = {
    "schedule.workdays": None,
    "schedule.workflow": None,
    "submissions.workflow": None,
    "submissions.rules": None,
    "submissions.photo_quality": None,
    "emulation.scoring": None,
    "portal.roles": None,
    "schedule.quota": None,
    "schedule.recipients": None,
    "reports.workflow": None,
    "reports.periods": None,
}
# Modules that still import Django, each with the change that makes it plain. Strict: once the change
# is in, the unexpected pass fails the suite until the entry is removed here.
NOT_PLAIN_YET: dict[str, str] = {}


def _cases() -> list:
    return [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=NOT_PLAIN_YET[name]))
        if name in NOT_PLAIN_YET
        else name
        for name in PLAIN_MODULES
    ]


def module_file(name: str) -> Path | None:
    base = ROOT.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.exists():
            return candidate
    return None


def is_project_module(name: str) -> bool:
    return (ROOT / name.split(".")[0] / "__init__.py").exists()


def _is_type_checking_block(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")
    )


def imported_names(name: str, path: Path) -> list[str]:
    """Every module ``name`` imports at run time, absolute, including ``from package import submodule``."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[str] = []

    def visit(node: ast.AST) -> None:
        if _is_type_checking_block(node):
            for child in node.orelse:  # the else branch of `if TYPE_CHECKING:` does run
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            found.append(base)
            found.extend(f"{base}.{alias.name}" for alias in node.names if module_file(f"{base}.{alias.name}"))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(), filename=str(path)))
    return found


def django_import_chain(name: str) -> list[str] | None:
    """The chain of imports from ``name`` to Django, or None when there is none."""
    seen: set[str] = set()

    def walk(module: str, chain: list[str]) -> list[str] | None:
        if module in seen:
            return None
        seen.add(module)
        path = module_file(module)
        if path is None:
            return None
        for imported in imported_names(module, path):
            if imported == "django" or imported.startswith("django."):
                return [*chain, imported]
            if is_project_module(imported) and (found := walk(imported, [*chain, imported])):
                return found
        return None

    return walk(name, [name])


@pytest.mark.parametrize("name", _cases())
def test_the_plain_module_imports_no_django(name):
    if module_file(name) is None:
        reason = PLAIN_MODULES[name]
        assert reason, f"{name} is listed as a plain module that exists, but there is no file for it"
        pytest.skip(f"{name} does not exist yet: it comes with {reason}")
    chain = django_import_chain(name)
    assert chain is None, "imports Django: " + " -> ".join(chain)


def test_the_check_finds_django_behind_another_project_module():
    # submissions.services imports Django (it is a service): the checker must see it, not pass it.
    assert django_import_chain("submissions.services") is not None
    assert django_import_chain("schedule.workdays") is None
