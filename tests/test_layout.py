"""The package's layout is its pipeline: read/ → analyse/ → render/ →
write/ → commands/. A module imports only from its own stage or an earlier
one, or from the data every stage shares (`model/`, `diagnostics`, the
package's `__version__`); and no modules import each other in a cycle, at
the top of a file or inside a function. Read from the source with ast, so
nothing is imported."""

from __future__ import annotations

import ast
from pathlib import Path

import roadmapgen

PACKAGE = Path(roadmapgen.__file__).parent
STAGES = ("read", "analyse", "render", "write", "commands")
SHARED = {"roadmapgen", "roadmapgen.model", "roadmapgen.diagnostics"}
SHARED_FOLDER = "model"  # the model's modules, shared like the package that holds them


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = ("roadmapgen", *path.relative_to(PACKAGE).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The roadmapgen modules that module `name` imports, anywhere in it."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {alias.name for alias in node.names if alias.name.split(".")[0] == "roadmapgen"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            if source.split(".")[0] != "roadmapgen":
                continue
            for alias in node.names:  # `from roadmapgen.read import fields` imports a module
                out.add(f"{source}.{alias.name}" if f"{source}.{alias.name}" in modules else source)
    assert out <= set(modules), (name, out - set(modules))
    return out


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) - {name} for name, path in modules.items()}


def _stage(module: str) -> int | None:
    """The stage's rank, or None for shared data (and the package's __main__, which runs cli)."""
    parts = module.split(".")
    if module in SHARED or parts[1] == SHARED_FOLDER:
        return None
    if parts[1] == "__main__":
        return len(STAGES)
    return STAGES.index(parts[1])


def test_every_module_is_in_a_stage_or_shared():
    for module in _graph():
        parts = module.split(".")
        assert module in SHARED or parts[1] in ("__main__", SHARED_FOLDER, *STAGES), module


def test_imports_only_point_down_the_pipeline():
    wrong = []
    for module, imported in _graph().items():
        rank = _stage(module)
        for target in imported:
            target_rank = _stage(target)
            if target_rank is None:
                continue
            if rank is None or target_rank > rank:
                wrong.append(f"{module} imports {target}")
    assert wrong == []


def test_no_import_cycles():
    graph = _graph()
    # A package's __init__ runs before its modules: importing a module is no
    # import of the package that holds it, so only the listed imports count.
    state: dict[str, int] = {}  # 1 while on the path, 2 when done
    cycles = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                cycles.append(path[path.index(target):] + [target])
            elif target not in state:
                visit(target, path + [target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_the_stages_are_the_folders():
    # Folders that hold Python: git leaves an emptied folder behind in a checkout.
    folders = sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__" and any(p.glob("*.py")))
    expected = (*STAGES, SHARED_FOLDER)
    assert folders in (sorted(expected), sorted((*expected, "themes")))  # themes/: an installed wheel
