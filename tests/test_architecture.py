"""The stages of ARCHITECTURE.md hold: no import cycle among kg's modules, and no module imports a
stage after its own. Every import counts, made at the top of a module, inside a function (kg's
lazy imports) or for type checking only."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import networkx as nx

from tests.conftest import ROOT

PACKAGE = ROOT / "kg"


def declared_stages() -> list[tuple[str, list[str]]]:
    """(stage, its packages and modules) in order, from the table of ARCHITECTURE.md."""
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    table = text.split("## Stages and what each may import", 1)[1].split("\n## ", 1)[0]
    stages = []
    for line in table.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        names = re.findall(r"`(kg(?:\.\w+)*)`", cells[1]) if len(cells) > 2 else []
        if names:
            stages.append((cells[0], names))
    return stages


def module_files() -> dict[str, Path]:
    """kg's modules by dotted name (a package by its own name)."""
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def imported_modules(source: str, module: str, is_package: bool, known: set[str]) -> set[str]:
    """The kg modules a module's source imports, wherever in it the import stands: `import kg.x`,
    `from kg.x import y` (y itself when it is a module), `from kg import x`, relative imports and
    `importlib.import_module("kg.x")`."""

    def nearest_module(name: str) -> str:
        while name not in known and "." in name:
            name = name.rsplit(".", 1)[0]
        return name

    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {nearest_module(alias.name) for alias in node.names if alias.name.split(".")[0] == "kg"}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".") if is_package else module.split(".")[:-1]
                base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
            if base.split(".")[0] != "kg":
                continue
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.add(submodule if submodule in known else nearest_module(base))
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "import_module"
              and node.args and isinstance(node.args[0], ast.Constant) and str(node.args[0].value).startswith("kg")):
            found.add(nearest_module(node.args[0].value))
    found.discard(module)
    return found


def import_graph() -> nx.DiGraph:
    modules = module_files()
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for module, path in modules.items():
        source = path.read_text(encoding="utf-8")
        for imported in imported_modules(source, module, path.name == "__init__.py", set(modules)):
            graph.add_edge(module, imported)
    return graph


def stage_of(module: str, stages: list[tuple[str, list[str]]]) -> int | None:
    """The index of the module's stage: the most specific name declared for it (`kg` itself names
    only the package's own file, not everything under it)."""
    matches = [(len(name), index) for index, (_, names) in enumerate(stages) for name in names
               if module == name or (name != "kg" and module.startswith(name + "."))]
    return max(matches)[1] if matches else None


def test_the_table_declares_stages_in_order():
    stages = declared_stages()
    assert [name for name, _ in stages][:3] == ["shared", "lexicon", "sources"]
    assert [name for name, _ in stages][-2:] == ["api", "cli"]


def test_every_module_belongs_to_a_stage():
    stages = declared_stages()
    assert [module for module in module_files() if stage_of(module, stages) is None] == []


def test_no_import_cycle():
    cycles = sorted(" -> ".join([*cycle, cycle[0]]) for cycle in nx.simple_cycles(import_graph()))
    assert cycles == []


def test_no_module_imports_a_later_stage():
    stages = declared_stages()
    against = [
        f"{module} ({stages[stage_of(module, stages)][0]}) imports {imported} ({stages[stage_of(imported, stages)][0]})"
        for module, imported in import_graph().edges
        if stage_of(imported, stages) > stage_of(module, stages)
    ]
    assert against == []


def test_the_api_is_imported_only_by_the_command_line_and_the_package():
    importers = set(import_graph().predecessors("kg.api"))
    assert {module for module in importers if module != "kg" and not module.startswith("kg.cli")} == set()


def test_the_reader_sees_imports_inside_functions_relative_and_by_name():
    known = {"kg", "kg.api", "kg.graph", "kg.graph.rdf", "kg.store", "kg.store.build", "kg.sources"}
    source = '''
import importlib
from typing import TYPE_CHECKING
from . import rdf
if TYPE_CHECKING:
    from kg.store.build import BuildResult
def lazy():
    from kg.api import extract
    import kg.sources
    return importlib.import_module("kg.store")
'''
    assert imported_modules(source, "kg.graph.review", False, known) == {
        "kg.graph.rdf", "kg.store.build", "kg.api", "kg.sources", "kg.store"}


def test_the_table_of_fact_values_is_the_one_facts_carry():
    from dataclasses import fields

    from kg.extract.facts import RELATIONS

    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8").split("## Facts", 1)[1]
    table = {}
    for match in re.finditer(r"^\| `(\w+)` \| ([\w, ]+) \| ([\w., ]+) \|$", text, re.M):
        shape, names, relations = match.groups()
        table.update({relation.strip(): (shape, names.replace(" ", "")) for relation in relations.split(",")})
    assert table == {relation: (shape.__name__, ",".join(f.name for f in fields(shape)))
                     for relation, shape in RELATIONS.items()}


def test_a_package_file_loads_nothing_heavy():
    """Importing a module runs its package's __init__ first: the command line reads kg.sources and
    kg.store at start-up, the RDF mapping reads kg.extract.facts."""
    from tests.test_startup import heavy_modules_after

    assert heavy_modules_after("import kg.sources, kg.store, kg.extract.facts, kg.graph, kg.graph.review, "
                               "kg.markup, kg.lexicon") == set()
