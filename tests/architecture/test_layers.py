"""The apps import one way only: portal <- schedule <- submissions <- emulation <- reports <- home.

The contract is import-linter's, in pyproject.toml ([tool.importlinter]); this test runs it, so a wrong-way
import (even one inside a function, even an indirect one) fails the suite, and checks that no app is left
out of it. See docs/architecture.md.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def importlinter_config() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]


def layers_contract() -> dict:
    (contract,) = (c for c in importlinter_config()["contracts"] if c["type"] == "layers")
    return contract


def layer_names() -> list[str]:
    """The layers, highest first, without the parentheses that mark a layer allowed to be absent."""
    return [layer.strip("()") for layer in layers_contract()["layers"]]


def apps_on_disk() -> set[str]:
    return {path.parent.name for path in ROOT.glob("*/apps.py")}


def toml_value(value) -> str:
    # The contract holds only strings, lists of strings and booleans, which JSON writes as TOML does.
    return json.dumps(value, ensure_ascii=False)


def test_every_app_is_a_layer_of_the_contract():
    missing = apps_on_disk() - set(layer_names())
    assert not missing, f"add {sorted(missing)} to the layers in pyproject.toml and docs/architecture.md"


def test_every_layer_but_the_optional_ones_exists():
    required = [layer for layer in layers_contract()["layers"] if not layer.startswith("(")]
    assert set(required) <= apps_on_disk()
    assert set(importlinter_config()["root_packages"]) <= set(layer_names())


def test_the_apps_import_only_the_apps_below_them(tmp_path):
    config = importlinter_config()
    # An optional layer ("(reports)") is checked as soon as its folder exists: it becomes a root package.
    root_packages = [name for name in layer_names() if name in set(config["root_packages"]) | apps_on_disk()]
    lines = ["[tool.importlinter]", f"root_packages = {toml_value(root_packages)}"]
    lines += [
        f"{key} = {toml_value(value)}" for key, value in config.items() if key not in ("root_packages", "contracts")
    ]
    for contract in config["contracts"]:
        lines += ["", "[[tool.importlinter.contracts]]"]
        lines += [f"{key} = {toml_value(value)}" for key, value in contract.items()]
    path = tmp_path / "importlinter.toml"
    path.write_text("\n".join(lines) + "\n")
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--config", str(path), "--no-cache"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Contracts: {len(config['contracts'])} kept, 0 broken." in result.stdout
