"""The code's shape: data flows one way (sources -> data/ -> catalog -> pages -> entry points), read from the imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "macros"
MODULES = {
    ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): path
    for path in sorted(PACKAGE.rglob("*.py"))
}
# What each stage may import from the others; the entry points (hooks, main) may import the build's stages.
ALLOWED = {
    "macros.sources": {"macros.sources"},
    "macros.catalog": {"macros.catalog"},
    "macros.pages": {"macros.catalog", "macros.pages"},
    "macros.main": {"macros.catalog", "macros.pages", "macros.main"},
    "macros.reuse": {"macros"},  # serve only: what a rebuild takes over; its state lives on the package
    "macros.hooks": {"macros", "macros.catalog", "macros.pages", "macros.main", "macros.reuse"},
    "macros": {"macros.main"},
}


def stage(module: str) -> str:
    """'macros.catalog.model' -> 'macros.catalog'; 'macros.hooks' -> 'macros.hooks'."""
    parts = module.split(".")
    return ".".join(parts[:2]) if len(parts) > 1 else module


def imports(module: str) -> list[tuple[str, str | None, int]]:
    """(imported module, imported name or None, line) for every import of a module of this package."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, None, node.lineno) for alias in node.names if alias.name.split(".")[0] == "macros"]
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "macros":
            for alias in node.names:
                target = f"{node.module}.{alias.name}"
                found.append((target, None, node.lineno) if target in MODULES else (node.module, alias.name, node.lineno))
    return found


def test_the_stages_import_only_downward():
    wrong = [
        f"{module}:{line} imports {target}"
        for module in MODULES
        for target, _, line in imports(module)
        if stage(target) not in ALLOWED[stage(module)]
    ]
    assert not wrong


def test_the_site_build_never_imports_the_sync():
    reached, todo = set(), ["macros.hooks", "macros.main"]
    while todo:
        module = todo.pop()
        if module in reached:
            continue
        reached.add(module)
        todo += [target for target, _, _ in imports(module) if target in MODULES]
    assert not [m for m in reached if m.startswith("macros.sources")]
    assert {"macros.catalog.assemble", "macros.pages.enum_page"} <= reached  # the walk does follow the imports


def test_no_import_cycle():
    graph = {module: {target for target, _, _ in imports(module) if target in MODULES and target != module} for module in MODULES}
    done, path = set(), []

    def visit(module: str) -> None:
        if module in path:
            pytest.fail("import cycle: " + " -> ".join(path[path.index(module) :] + [module]))
        if module in done:
            return
        path.append(module)
        for target in sorted(graph[module]):
            visit(target)
        path.pop()
        done.add(module)

    for module in graph:
        visit(module)


def test_no_module_takes_another_modules_private_names():
    taken = []
    for module in MODULES:
        tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
        bound = {alias.asname or alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("macros")
                 for alias in node.names if f"{node.module}.{alias.name}" in MODULES}
        taken += [f"{module}:{line} takes {target}.{name}" for target, name, line in imports(module) if name and name.startswith("_")]
        taken += [f"{module}:{node.lineno} uses {node.value.id}.{node.attr}" for node in ast.walk(tree)
                  if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in bound
                  and node.attr.startswith("_") and not node.attr.startswith("__")]
    assert not taken


@pytest.mark.parametrize("module", sorted(MODULES))
def test_each_module_is_small_and_says_what_it_owns(module):
    text = MODULES[module].read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 400, f"{module}: {len(text.splitlines())} lines"
    assert ast.get_docstring(ast.parse(text)), f"{module}: no docstring"
