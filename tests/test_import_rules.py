"""The import rules of forum/plugins.py, read from the source with ``ast``.

- ``forum`` never imports a plugin (not even inside a function);
- a plugin imports from ``forum`` only the public modules, ``PUBLIC_MODULES``;
- forum templates render plugins' templates only through hooks, never with
  ``ignore missing``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from forum.plugins import PUBLIC_MODULES

ROOT = Path(__file__).resolve().parent.parent
PLUGINS = ("moderation", "search")  # the plugins shipped in this repository


def imported_modules(source: str, package: str) -> list[tuple[int, str]]:
    """Every module an import statement in ``source`` names: (line, dotted name).

    ``from a import b`` counts as importing ``a.b`` as well as ``a`` (b may be a
    submodule); relative imports are resolved against ``package``.
    """
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append((node.lineno, node.args[0].value))
    return found


def python_files(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def _package_of(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts if parts[-1] == "__init__" else parts[:-1]).removesuffix(".__init__")


def _is_public(name: str) -> bool:
    return any(name == m or name.startswith(m + ".") for m in PUBLIC_MODULES)


def forum_imports_of_plugins() -> list[str]:
    return [
        f"{path.relative_to(ROOT)}:{line}: {name}"
        for path in python_files("forum")
        for line, name in imported_modules(path.read_text(), _package_of(path))
        if name.split(".")[0] in PLUGINS
    ]


def private_forum_imports(plugin: str, extra: dict[str, str] | None = None) -> list[str]:
    """Imports of forum modules outside ``PUBLIC_MODULES`` in ``plugin`` (and ``extra``:
    file name -> source, for the test that the rule can fail)."""
    sources = {
        str(p.relative_to(ROOT)): (p.read_text(), _package_of(p)) for p in python_files(plugin)
    }
    sources.update({name: (text, plugin) for name, text in (extra or {}).items()})
    bad = []
    for name, (text, package) in sorted(sources.items()):
        for line, module in imported_modules(text, package):
            if module.split(".")[0] != "forum" or module == "forum":
                continue
            # `from forum.plugins import json_error` names forum.plugins.json_error: public.
            if not _is_public(module):
                bad.append(f"{name}:{line}: {module}")
    return bad


def test_the_forum_never_imports_a_plugin():
    assert not forum_imports_of_plugins()


@pytest.mark.parametrize("plugin", PLUGINS)
def test_plugins_import_only_the_forums_public_modules(plugin):
    assert not private_forum_imports(plugin), (
        "import these from forum.plugins (re-export them there if a plugin truly needs them)"
    )


def test_the_rules_catch_a_private_import():
    sneaky = "from forum.posts.forms import condition_choices\n"
    found = private_forum_imports("moderation", {"moderation/sneaky.py": sneaky})
    assert "moderation/sneaky.py:1: forum.posts.forms.condition_choices" in found
    lazy = "def f():\n    import forum.api.auth\n"
    assert "search/lazy.py:2: forum.api.auth" in private_forum_imports(
        "search", {"search/lazy.py": lazy}
    )
    public = "from forum.plugins import paginate\nfrom forum.models.timestamps import utcnow\n"
    assert not [
        f for f in private_forum_imports("search", {"search/ok.py": public}) if "ok.py" in f
    ]
    relative = "from ..posts import queries\n"  # as if it sat in forum/x/: still private
    assert imported_modules(relative, "forum.x") == [(1, "forum.posts.queries")]
    by_name = "import importlib\nimportlib.import_module('search.store')\n"
    assert imported_modules(by_name, "forum")[-1] == (2, "search.store")


def test_forum_templates_name_no_plugin_template():
    """Forum templates render plugin templates through hooks("slot") only."""
    templates = ROOT / "templates"
    bad = []
    for path in sorted(templates.rglob("*.html")):
        area = path.relative_to(templates).parts[0]
        if area in PLUGINS:
            continue  # a plugin's own templates
        text = path.read_text()
        if "ignore missing" in text:
            bad.append(f"{path.relative_to(templates)}: ignore missing")
        for name in ("moderation_panel", "moderation_queue_count"):
            if name in text:  # moderation's own Jinja globals: forum asks held_reason()
                bad.append(f"{path.relative_to(templates)}: calls {name}")
        for plugin in PLUGINS:
            for tag in ("include", "import", "from", "extends"):
                if f'{tag} "{plugin}/' in text or f"{tag} '{plugin}/" in text:
                    bad.append(f"{path.relative_to(templates)}: {tag} a {plugin} template")
    assert not bad
