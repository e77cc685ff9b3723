"""The page kit sits below every app: it imports none of them, nor the site, so that any app
may import it without an arrow running back (what `parity.web` used to do)."""

from __future__ import annotations

from pathlib import Path

import grimp

SRC = Path(__file__).resolve().parents[2] / "src" / "parity"


def test_the_page_kit_imports_no_app_and_no_wiring() -> None:
    graph = grimp.build_graph("parity")
    apps = {f"parity.{p.parent.name}" for p in SRC.glob("*/apps.py")} - {"parity.pagekit"}
    wiring = {"parity.settings", "parity.urls", "parity.wsgi", "parity.cli"}
    found = sorted(
        f"{importer} imports {imported}"
        for importer in graph.find_descendants("parity.pagekit") | {"parity.pagekit"}
        for imported in graph.find_modules_directly_imported_by(importer)
        if imported in wiring
        or any(imported.startswith(app + ".") or imported == app for app in apps)
    )
    assert found == []


def test_nothing_imports_the_site() -> None:
    graph = grimp.build_graph("parity")
    site = graph.find_descendants("parity.site") | {"parity.site"}
    importers = {
        importer
        for module in site
        for importer in graph.find_modules_that_directly_import(module)
        if importer not in site
    }
    # Only the entry points sit above the site: the URL map and the command line.
    assert importers <= {"parity.urls", "parity.cli"}
