"""The house's shape: one registry row per feature names every part it adds, core imports no
feature, and network/ has no import cycle. Each test fails when a feature is missing a part
(a migration set not registered, a table without demo rows, a capability nobody checks, a page
or command no feature owns)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from click import Group
from sqlite_utils.migrations import Migrations

from network import demo, features
from network.cli import cli
from network.core import permissions
from tests.conftest import ROOT

NETWORK = ROOT / "network"


def _modules() -> dict[str, Path]:
    out = {}
    for path in NETWORK.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def _imports(path: Path, module: str, *, top_level_only: bool) -> set[str]:
    """The network.* modules `path` imports (at module level only, or anywhere)."""
    tree = ast.parse(path.read_text())
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "network":
                found |= {f"network.{a.name}" for a in node.names}
            elif node.module.startswith("network."):
                found.add(node.module)
                found |= {f"{node.module}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("network.")}
    return found


def test_core_imports_no_feature_anywhere_in_its_code():
    modules = _modules()
    for name, path in modules.items():
        if not name.startswith("network.core"):
            continue
        for target in _imports(path, name, top_level_only=False):
            known = target if target in modules else target.rsplit(".", 1)[0]
            assert known.startswith("network.core") or known == "network", (name, target)


def test_network_has_no_import_cycle():
    modules = _modules()
    graph = {}
    for name, path in modules.items():
        targets = set()
        # Imports inside functions count too: a lazy import only hides a cycle.
        for target in _imports(path, name, top_level_only=False):
            while target not in modules and "." in target:
                target = target.rsplit(".", 1)[0]
            if target in modules and target != name and target != "network":
                targets.add(target)
        graph[name] = targets
    # A package's __init__ re-exporting its own parts (and a part importing its sibling through
    # the package) is not a cycle between modules; every other cycle is.
    packages = {name for name in modules if modules[name].name == "__init__.py"}
    seen, stack, cycles = set(), [], []

    def visit(node):
        if node in stack:
            cycle = stack[stack.index(node):] + [node]
            if not packages & set(cycle):
                cycles.append(cycle)
            return
        if node in seen:
            return
        seen.add(node)
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            visit(nxt)
        stack.pop()

    for node in sorted(graph):
        visit(node)
    assert not cycles, cycles[:3]


def test_every_migration_set_in_the_code_is_registered():
    registered = {id(m) for m in features.migration_sets()}
    found = []
    for name, path in _modules().items():
        if re.search(r"^\w+ = Migrations\(", path.read_text(), re.M):
            module = __import__(name, fromlist=["_"])
            found += [(name, v) for v in vars(module).values() if isinstance(v, Migrations)]
    assert found
    for name, migrations in found:
        assert id(migrations) in registered, f"{name}: migration set {migrations.name!r} not in the registry"
    assert features.migration_sets()[0].name == "core"


def test_every_table_with_demo_rows_has_a_generator_that_fills_it(demo_db):
    with_demo = {t for t in demo_db.table_names() if "demo" in demo_db[t].columns_dict}
    covered = {t for m in demo.modules() for t in m.TABLES}
    assert with_demo == covered, f"tables with a demo column but no generator: {with_demo - covered}"
    for table in covered:
        assert demo_db.execute(f"SELECT count(*) FROM [{table}] WHERE demo = 1").fetchone()[0] > 0, table


def _sources() -> str:
    files = [p for p in [*NETWORK.rglob("*.py"), *(ROOT / "pages").glob("*.py"),
                         *(ROOT / "screens").glob("*.py")] if p.name != "features.py"]
    return "\n".join(p.read_text() for p in files + [ROOT / "ui.py"])


@pytest.mark.parametrize("capability", sorted(permissions.CAPABILITIES))
def test_every_capability_is_checked_by_a_page_or_a_write(capability):
    used = {p.capability for p in features.pages()}
    assert capability in used or f'"{capability}"' in _sources(), f"{capability} is never checked"


def test_the_permission_table_is_exactly_the_registry():
    declared = {c: r for f in features.FEATURES for c, r in f.capabilities.items()}
    assert declared == permissions.CAPABILITIES
    assert {c for f in features.FEATURES for c in f.district_scoped} == permissions.DISTRICT_SCOPED
    assert set(declared) >= permissions.DISTRICT_SCOPED


def test_every_page_script_is_declared_by_exactly_one_feature():
    declared = [p.path for p in features.pages()]
    assert len(declared) == len(set(declared))
    on_disk = {f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py")}
    assert set(declared) == on_disk
    for page in features.pages():
        assert page.capability is None or page.capability in permissions.CAPABILITIES


def _command_paths(group: Group, prefix: str = "") -> set[str]:
    paths = set()
    for name, command in group.commands.items():
        path = f"{prefix}{name}"
        paths |= _command_paths(command, path + " ") if isinstance(command, Group) else {path}
    return paths


def test_every_command_line_command_belongs_to_exactly_one_feature():
    owned = [c for f in features.FEATURES for c in f.cli]
    assert len(owned) == len(set(owned))
    assert set(owned) == _command_paths(cli)


def test_pages_hold_no_sql():
    for page in (ROOT / "pages").glob("*.py"):
        text = page.read_text()
        assert not re.search(r"\b(SELECT|INSERT|UPDATE|DELETE)\s|db\.(query|execute)\(", text), page.name


def test_every_pages_address_is_its_file_name():
    """Until a session has run app.py once, Streamlit maps an address to a file in pages/ by
    its name; an address that differs (rumour-report for rumour_report.py) shows "Page not
    found" to the first visitor after a restart, who may have come by an agent's share link."""
    assert [p.url_path for p in features.pages()] == [
        Path(p.path).stem for p in features.pages()]


def test_every_page_script_is_short():
    """A page is a short list of what is on it (docs/DEVELOPING.md): its screens live in
    screens/, its tables and texts in the feature's views."""
    long = {p.name: n for p in (ROOT / "pages").glob("*.py")
            if (n := len(p.read_text().splitlines())) > 120}
    assert long == {}


def test_network_holds_feature_packages_and_only_the_shared_entry_points():
    """Every feature is a package; the only top-level modules are the entry points every
    feature shares (a flat feature module would be a second shape)."""
    flat = {p.stem for p in NETWORK.glob("*.py")}
    assert flat == {"__init__", "__main__", "cli", "database", "features", "setup"}


def test_a_signed_in_user_finds_their_own_pages_first_after_the_overview():
    from navigation import ordered
    from network.core.permissions import User

    coordinator = User(1, "c", "coordinator", frozenset({1}))
    pages = [p.url_path for p in ordered(coordinator)]
    assert pages[0] == "overview"
    public = [i for i, u in enumerate(pages) if next(
        p for p in features.pages() if p.url_path == u).section_key == "nav.public" and i]
    work = [i for i, u in enumerate(pages) if i not in public and i]
    assert work and public and max(work) < min(public)
    assert [p.url_path for p in ordered(None)][:3] == ["overview", "map", "quiz"]
