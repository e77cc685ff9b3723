"""The architecture holds: pure packages import no Django, and no import runs in a circle.

The import graph comes from grimp, which parses the AST of every module, so imports inside
functions and under ``TYPE_CHECKING`` count as much as those at the top of a file.

A pure package is every package or module directly under ``parity`` that is not a Django app
(no ``apps.py``) and not the Django wiring below, plus the pure cores kept inside an app. A new
package (``parity.crs``) is therefore pure unless it is made an app.
"""

from __future__ import annotations

import itertools
import textwrap
import tomllib
from collections.abc import Iterable
from pathlib import Path

import grimp
import pytest

ROOT = "parity"
SRC = Path(__file__).resolve().parents[1] / "src" / ROOT
# The modules that wire Django together: they may import anything.
WIRING = {"parity.settings", "parity.urls", "parity.wsgi", "parity.cli", "parity.__main__"}
PURE_INSIDE_APPS = {"parity.protection.core"}
# The pure packages the issue names: the rule above must keep finding them.
KNOWN_PURE = {
    "parity.iati",
    "parity.markers",
    "parity.money",
    "parity.progress",
    "parity.sample",
    "parity.config",
    "parity.roles",
    "parity.protection.core",
}
DJANGO_PACKAGES = {"django", "ninja", "whitenoise"}


def django_apps(src: Path, root: str) -> set[str]:
    return {f"{root}.{p.parent.name}" for p in src.glob("*/apps.py")}


def pure_packages(src: Path, root: str, pure_inside_apps: Iterable[str] = ()) -> set[str]:
    apps = django_apps(src, root)
    children = {f"{root}.{p.stem}" for p in src.glob("*.py") if p.stem != "__init__"}
    children |= {f"{root}.{p.parent.name}" for p in src.glob("*/__init__.py")}
    return (children - apps - WIRING) | set(pure_inside_apps)


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _lines(graph: grimp.ImportGraph, importer: str, imported: str) -> str:
    details = graph.get_import_details(importer=importer, imported=imported)
    return ",".join(str(d["line_number"]) for d in details)


def django_imports(
    graph: grimp.ImportGraph, src: Path, root: str, pure: set[str], pure_inside_apps: set[str]
) -> list[str]:
    """Every import of Django, an app or the wiring by a module of a pure package."""
    apps = django_apps(src, root)
    # Importing parity.protection.core runs parity/protection/__init__.py first.
    parents = {p.rsplit(".", 1)[0] for p in pure_inside_apps}
    checked = {m for m in graph.modules if any(_within(m, p) for p in pure)} | parents

    def forbidden(target: str) -> bool:
        if any(_within(target, p) for p in pure_inside_apps) or target in parents:
            return False
        return (
            target.split(".")[0] in DJANGO_PACKAGES
            or any(_within(target, a) for a in apps)
            or target in WIRING
        )

    found = []
    for importer in sorted(checked):
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            if forbidden(imported):
                lines = _lines(graph, importer, imported)
                found.append(f"{importer} imports {imported} (line {lines})")
    return found


def cycles(graph: grimp.ImportGraph, modules: set[str]) -> list[str]:
    """Each import cycle among ``modules`` once, as a path back to where it starts."""
    found: dict[frozenset[str], str] = {}
    for importer in sorted(modules):
        for imported in sorted(graph.find_modules_directly_imported_by(importer) & modules):
            back = graph.find_shortest_chain(importer=imported, imported=importer)
            if back and importer != imported:
                path = (importer, *back)
                found.setdefault(frozenset(path), " -> ".join(path))
    return sorted(found.values())


def unit_of(module: str, root: str, pure_inside_apps: Iterable[str]) -> str:
    """The app or package a module belongs to (a pure core inside an app stands alone)."""
    for core in pure_inside_apps:
        if _within(module, core):
            return core
    return ".".join(module.split(".")[:2]) if module != root else root


def unit_graph(
    graph: grimp.ImportGraph, root: str, pure_inside_apps: Iterable[str]
) -> tuple[grimp.ImportGraph, dict[tuple[str, str], str]]:
    """The graph of imports between apps and packages, with one example import per arrow."""
    units = grimp.ImportGraph()
    examples: dict[tuple[str, str], str] = {}
    for importer in graph.modules:
        if not _within(importer, root):
            continue
        for imported in graph.find_modules_directly_imported_by(importer):
            if not _within(imported, root):
                continue
            a, b = (
                unit_of(importer, root, pure_inside_apps),
                unit_of(imported, root, pure_inside_apps),
            )
            if a != b:
                units.add_import(importer=a, imported=b)
                examples.setdefault((a, b), f"{importer} imports {imported}")
    return units, examples


def unit_cycles(graph: grimp.ImportGraph, root: str, pure_inside_apps: Iterable[str]) -> list[str]:
    units, examples = unit_graph(graph, root, pure_inside_apps)
    report = []
    for cycle in cycles(units, set(units.modules)):
        hops = cycle.split(" -> ")
        why = "; ".join(examples[(a, b)] for a, b in itertools.pairwise(hops))
        report.append(f"{cycle} ({why})")
    return report


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph(ROOT, include_external_packages=True, cache_dir=None)


def test_it_finds_the_pure_packages_the_architecture_names():
    assert pure_packages(SRC, ROOT, PURE_INSIDE_APPS) >= KNOWN_PURE


def test_it_type_checks_every_pure_package_strictly():
    config = tomllib.loads((SRC.parents[1] / "pyproject.toml").read_text("utf-8"))["tool"]["mypy"]
    checked = {
        path.removeprefix("src/").removesuffix(".py").replace("/", ".") for path in config["files"]
    }
    assert config["strict"] is True
    assert pure_packages(SRC, ROOT, PURE_INSIDE_APPS) - checked == set()


def test_it_keeps_django_and_the_apps_out_of_the_pure_packages(graph):
    pure = pure_packages(SRC, ROOT, PURE_INSIDE_APPS)
    found = django_imports(graph, SRC, ROOT, pure, PURE_INSIDE_APPS)
    assert not found, "A pure package imports Django, an app or the wiring:\n" + "\n".join(found)


def test_it_has_no_import_cycle_between_modules(graph):
    modules = {m for m in graph.modules if _within(m, ROOT)}
    found = cycles(graph, modules)
    assert not found, "Import cycles between modules:\n" + "\n".join(found)


def test_it_has_no_import_cycle_between_apps_and_packages(graph):
    found = unit_cycles(graph, ROOT, PURE_INSIDE_APPS)
    assert not found, "Import cycles between apps and packages:\n" + "\n".join(found)


# The checks themselves, on a small package made for the purpose, so none can pass vacuously.


@pytest.fixture
def toy(tmp_path, monkeypatch):
    """A package ``toy`` with an app ``shop``, a pure ``calc`` and a pure core inside the app."""
    files = {
        "__init__.py": "",
        "shop/__init__.py": "",
        "shop/apps.py": "import django.apps\n",
        "shop/models.py": "from toy.shop import views\n",
        "shop/views.py": "def page():\n    from toy.shop import models\n",
        "shop/core/__init__.py": "",
        "shop/core/rules.py": "import decimal\n",
        "calc/__init__.py": "",
        "calc/sums.py": "from toy.shop.core import rules\n\n\ndef total():\n"
        "    from django.db import models\n",
        "calc/tax.py": "import toy.shop.views\n",
    }
    for name, text in files.items():
        path = tmp_path / "toy" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    monkeypatch.syspath_prepend(str(tmp_path))
    graph = grimp.build_graph("toy", include_external_packages=True, cache_dir=None)
    return tmp_path / "toy", graph


def test_it_names_django_and_app_imports_even_inside_functions(toy):
    src, graph = toy
    pure = pure_packages(src, "toy", {"toy.shop.core"})
    assert pure == {"toy.calc", "toy.shop.core"}
    assert django_imports(graph, src, "toy", pure, {"toy.shop.core"}) == [
        "toy.calc.sums imports django (line 5)",
        "toy.calc.tax imports toy.shop.views (line 1)",
    ]


def test_it_names_module_and_app_cycles(toy):
    _, graph = toy
    modules = {m for m in graph.modules if _within(m, "toy")}
    assert cycles(graph, modules) == ["toy.shop.models -> toy.shop.views -> toy.shop.models"]
    graph.add_import(importer="toy.shop.views", imported="toy.calc.sums")
    assert unit_cycles(graph, "toy", {"toy.shop.core"}) == [
        "toy.calc -> toy.shop -> toy.calc (toy.calc.tax imports toy.shop.views; "
        "toy.shop.views imports toy.calc.sums)"
    ]
