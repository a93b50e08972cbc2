"""The layers hold by contract: ``make lint`` runs import-linter, and a wrong import fails it."""

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).with_name("layers_fixture")
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _contract() -> dict:
    [contract] = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    return contract


def _lint(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", *args],
        cwd=cwd,
        env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_make_lint_runs_import_linter():
    lint_recipe = (ROOT / "Makefile").read_text().split("\nlint:", 1)[1].split("\n\n", 1)[0]
    assert "$(VENV)/bin/lint-imports" in lint_recipe


def test_the_project_keeps_its_layers():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_a_kernel_that_imports_a_capability_breaks_the_same_contract(tmp_path):
    """The project's own layers, applied to a fixture whose ``core`` imports ``newsroom``."""
    layers = _contract()["layers"]
    assert layers[-1] == "core" and any("newsroom" in layer for layer in layers)
    config = tmp_path / "importlinter.toml"
    config.write_text(
        '[tool.importlinter]\nroot_package = "fakeproj"\n\n[[tool.importlinter.contracts]]\n'
        'name = "Layers"\ntype = "layers"\ncontainers = ["fakeproj"]\n'
        f"layers = [{', '.join(repr(layer).replace(chr(39), chr(34)) for layer in layers)}]\n"
    )
    result = _lint(FIXTURE, str(config))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "fakeproj.core is not allowed to import fakeproj.newsroom" in result.stdout
