"""The house's import rules, read from the source: articles imports nothing from sourcing (sourcing plugs into
articles through the registries articles offers), the apps import each other without a cycle, and so do
their modules.

Every import counts, those inside functions too: a deferred import is still a dependency, only hidden.
"""

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings


def our_apps():
    """The project's own apps (not Django's or a library's): label -> package directory."""
    base = Path(settings.BASE_DIR).resolve()
    return {
        config.name: Path(config.path)
        for config in apps.get_app_configs()
        if Path(config.path).resolve().parent == base  # not under .venv/
    }


def modules(package, directory):
    """The package's modules outside migrations: dotted name -> path."""
    found = {}
    for path in directory.rglob("*.py"):
        parts = path.relative_to(directory).with_suffix("").parts
        if "migrations" in parts:
            continue
        found[".".join((package, *parts)).removesuffix(".__init__")] = path
    return found


def imported_names(path):
    """Every module name `path` imports, at the top or inside a function ("from a import b": a and a.b)."""
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def app_of(name, packages):
    return next((package for package in packages if name == package or name.startswith(f"{package}.")), None)


def app_imports():
    """(importing app, imported app, importing module) for each import from one of our apps into another."""
    packages = our_apps()
    for package, directory in packages.items():
        for module, path in modules(package, directory).items():
            for name in imported_names(path):
                imported = app_of(name, packages)
                if imported not in (None, package):
                    yield package, imported, module


def test_articles_imports_nothing_from_sourcing():
    offending = sorted(
        {module for app, imported, module in app_imports() if (app, imported) == ("articles", "sourcing")}
    )

    assert offending == []


def cycles(edges):
    """Each node's first path back to itself along `edges` (node -> the nodes it imports), if any."""

    def cycle_from(node, path):
        for imported in sorted(edges.get(node, ())):
            if imported in path:
                return [*path[path.index(imported) :], imported]
            if imported not in seen:
                seen.add(imported)
                found = cycle_from(imported, [*path, imported])
                if found:
                    return found
        return None

    found = []
    for node in sorted(edges):
        seen = {node}
        cycle = cycle_from(node, [node])
        if cycle:
            found.append(cycle)
    return found


def test_the_apps_import_each_other_without_a_cycle():
    # The root URLconf gathers every app's pages by design: it stands above them all, and is left out.
    edges = {}
    for app, imported, module in app_imports():
        if module != settings.ROOT_URLCONF:
            edges.setdefault(app, set()).add(imported)

    assert cycles(edges) == []


def test_no_module_imports_itself_through_others():
    found = {}
    for package, directory in our_apps().items():
        found.update(modules(package, directory))

    def module_of(name):  # "articles.models.Article" -> "articles.models"
        while name and name not in found:
            name = name.rpartition(".")[0]
        return name

    edges = {
        module: {
            imported for name in imported_names(path) if (imported := module_of(name)) not in ("", module)
        }
        for module, path in found.items()
    }
    assert cycles(edges) == []
