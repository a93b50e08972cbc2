"""Nothing but the workflow engine assigns a status on a workflow model.

An AST scan over ``jembatan/`` (migrations aside) for ``x.status = …``, ``setattr(x, "status", …)``,
``Model(status=…)`` and ``Model.objects….create/update(status=…)`` on a model that has a workflow.
The scanner itself is tested on snippets, so a scan that finds nothing is not a scan that sees nothing.
"""

import ast
from pathlib import Path

import pytest

import jembatan
from jembatan.aspirations.services import WORKFLOW as ASPIRATION_WORKFLOW
from jembatan.communities.services import WORKFLOW as KIM_WORKFLOW
from jembatan.core.workflow import REGISTRY
from jembatan.newsroom.services import WORKFLOW as ITEM_WORKFLOW
from jembatan.syndication.services import ENTRY_WORKFLOW

ROOT = Path(jembatan.__file__).parent
ENGINE = ROOT / "core" / "workflow.py"
WRITES = {"create", "update", "get_or_create", "update_or_create"}


def _root_name(node: ast.AST) -> str | None:
    """``Kim.objects.filter(...).update`` → ``Kim``."""
    while True:
        if isinstance(node, ast.Attribute):
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Name):
            return node.id
        else:
            return None


def _writes_model(func: ast.AST, models: set[str]) -> bool:
    """``Kim(...)`` or ``Kim.objects….create/update(...)``."""
    if isinstance(func, ast.Name):
        return func.id in models
    return isinstance(func, ast.Attribute) and func.attr in WRITES and _root_name(func) in models


def status_writes(source: str, models: set[str]) -> list[int]:
    """Line numbers where ``source`` writes a status outside the engine."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for part in ast.walk(target):
                    if isinstance(part, ast.Attribute) and part.attr == "status" and isinstance(part.ctx, ast.Store):
                        lines.append(node.lineno)
        elif isinstance(node, ast.Call):
            func = node.func
            status_kw = any(keyword.arg == "status" for keyword in node.keywords)
            if isinstance(func, ast.Name) and func.id == "setattr" and len(node.args) >= 2:
                name = node.args[1]
                if isinstance(name, ast.Constant) and name.value == "status":
                    lines.append(node.lineno)
            elif status_kw and _writes_model(func, models):
                lines.append(node.lineno)
    return sorted(set(lines))


def _workflow_models() -> set[str]:
    return {workflow.model.__name__ for workflow in REGISTRY}


def test_every_state_machine_is_declared_on_the_engine():
    assert {ASPIRATION_WORKFLOW, KIM_WORKFLOW, ITEM_WORKFLOW, ENTRY_WORKFLOW} <= set(REGISTRY)
    assert _workflow_models() >= {"Aspiration", "Kim", "Item", "FeedEntry"}


def test_no_code_outside_the_engine_assigns_a_status():
    models = _workflow_models()
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" in path.parts or path == ENGINE:
            continue
        for line in status_writes(path.read_text(encoding="utf-8"), models):
            found.append(f"{path.relative_to(ROOT.parent)}:{line}")
    assert found == []


@pytest.mark.parametrize(
    "snippet",
    [
        "item.status = 'terbit'",
        "entry.status, entry.item = 'baru', None",
        "kim.status += 'x'",
        "setattr(kim, 'status', 'aktif')",
        "Kim(slug='a', status='aktif')",
        "Kim.objects.create(status='aktif')",
        "Item.objects.filter(pk=1).update(status='terbit')",
        "FeedEntry.objects.filter(feed=f).select_related('feed').update(status='baru')",
        "Aspiration.objects.update_or_create(pk=1, defaults={}, status='selesai')",
    ],
)
def test_the_scanner_finds_a_status_write(snippet):
    assert status_writes(snippet, {"Kim", "Item", "FeedEntry", "Aspiration"}) == [1]


@pytest.mark.parametrize(
    "snippet",
    [
        "Item.objects.filter(status='terbit')",
        "Event.objects.create(aspiration=a, status='baru')",
        "feed.last_status = 'ok'",
        "x = kim.status",
        "setattr(kim, 'name', 'A')",
        "setattr(kim, field, value)",  # field lists (forms, snapshots) are not followed
        "Task.objects.filter(pk=1).update(status='ready')",
    ],
)
def test_the_scanner_leaves_reads_and_other_models_alone(snippet):
    assert status_writes(snippet, {"Kim", "Item", "FeedEntry", "Aspiration"}) == []
