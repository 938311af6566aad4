"""The module map of docs/architecture.md, enforced.

Three rules a newcomer can rely on: no import cycle between storydiff's modules, no private
name (``_x``) or private module reached from outside its own package, and each layer imports
only the layers below it. The imports are read from the source with ``ast`` (nothing is
imported), so the test is quick and names the file and line that broke a rule.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "storydiff"

# Lower layers first; a module may import its own layer and the layers before it (the
# longest matching prefix names a module's layer). Keep in step with docs/architecture.md.
LAYERS: tuple[tuple[str, ...], ...] = (
    # records, errors, settings and text helpers: no knowledge of the pipeline
    (
        "storydiff",
        "storydiff.errors",
        "storydiff.records",
        "storydiff.settings",
        "storydiff.registry",
        "storydiff.text",
        "storydiff.morph",
        "storydiff.blas",
    ),
    # models and inputs: what the stages read and run on
    (
        "storydiff.embed",
        "storydiff.ingest",
        "storydiff.segment",
        "storydiff.outlets",
        "storydiff.store",
    ),
    # the stages of one comparison
    (
        "storydiff.units",
        "storydiff.storykeys",
        "storydiff.samestory",
        "storydiff.align",
        "storydiff.coverage",
        "storydiff.relate",
        "storydiff.attribute",
        "storydiff.origins",
        "storydiff.frame",
    ),
    # the pipeline, and corpus mode around it
    (
        "storydiff.compare",
        "storydiff.cluster",
        "storydiff.corpus",
        "storydiff.fetch",
        "storydiff.stream",
        "storydiff.scale",
    ),
    # outputs
    ("storydiff.render", "storydiff.export", "storydiff.listing"),
    # front doors
    ("storydiff.cli", "storydiff.web"),
    # the harness: evaluation, benchmarks, load test (public API only)
    (
        "storydiff.evaluate",
        "storydiff.bench",
    ),
)


@dataclass(frozen=True, kw_only=True)
class Import:
    source: str
    target: str
    names: tuple[str, ...]
    line: int
    lazy: bool


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def _resolve(source: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = source.split(".") if is_package else source.split(".")[:-1]
    base = base[: len(base) - node.level + 1]
    return ".".join([*base, node.module] if node.module else base)


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports_of(name: str) -> list[Import]:
    path = MODULES[name]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[Import] = []

    def visit(node: ast.AST, lazy: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _type_checking(child):
                continue
            inner = lazy or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            if isinstance(child, ast.Import):
                for alias in child.names:
                    if alias.name.startswith("storydiff"):
                        found.append(
                            Import(
                                source=name,
                                target=alias.name,
                                names=(),
                                line=child.lineno,
                                lazy=lazy,
                            )
                        )
            elif isinstance(child, ast.ImportFrom):
                target = _resolve(name, path.name == "__init__.py", child)
                if not target.startswith("storydiff"):
                    continue
                for alias in child.names:
                    sub = f"{target}.{alias.name}"
                    if sub in MODULES:  # `from pkg import module`
                        found.append(
                            Import(source=name, target=sub, names=(), line=child.lineno, lazy=lazy)
                        )
                    else:
                        found.append(
                            Import(
                                source=name,
                                target=target,
                                names=(alias.name,),
                                line=child.lineno,
                                lazy=lazy,
                            )
                        )
            visit(child, inner)

    visit(tree, False)
    return found


ALL = [imp for name in sorted(MODULES) for imp in imports_of(name)]


def where(imp: Import) -> str:
    """``storydiff/x.py:12``: where an import stands."""
    return f"{MODULES[imp.source].relative_to(PACKAGE.parent)}:{imp.line}"


def _private_module(target: str, source: str) -> bool:
    """A ``_module`` may be imported only from inside the package that holds it."""
    parts = target.split(".")
    for i, part in enumerate(parts):
        if part.startswith("_") and not part.startswith("__"):
            owner = ".".join(parts[:i])
            return not (source == owner or source.startswith(owner + "."))
    return False


def test_no_private_names_across_modules() -> None:
    bad = [
        f"{where(i)} imports {n} from {i.target}"
        for i in ALL
        for n in i.names
        if n.startswith("_")
        and not n.startswith("__")
        and i.target != i.source
        # a package's __init__ may gather its own private modules' names
        and not (MODULES[i.source].name == "__init__.py" and i.target.startswith(i.source + "."))
    ]
    bad += [
        f"{where(i)} imports private module {i.target}"
        for i in ALL
        if _private_module(i.target, i.source)
    ]
    assert not bad, "\n".join(bad)


def layer(name: str) -> int:
    """The layer of module ``name``: that of the longest prefix listed in ``LAYERS``."""
    best, rank = -1, -1
    for i, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (name == prefix or name.startswith(prefix + ".")) and len(prefix) > best:
                best, rank = len(prefix), i
    return rank


def test_every_module_has_a_layer() -> None:
    assert [name for name in MODULES if layer(name) < 0] == []


def test_layers_import_only_downwards() -> None:
    bad = [
        f"{where(i)} imports {i.target} (layer {layer(i.target)} above {layer(i.source)})"
        for i in ALL
        if i.target in MODULES and layer(i.target) > layer(i.source)
    ]
    assert not bad, "\n".join(bad)


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components of more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def strong(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            strong(v)
    return out


@pytest.mark.parametrize("lazy", [False, True], ids=["module-level", "with-lazy"])
def test_no_import_cycles(lazy: bool) -> None:
    edges: dict[str, set[str]] = {}
    for i in ALL:
        if (lazy or not i.lazy) and i.target in MODULES and i.target != i.source:
            # a module importing its own package's __init__ for a name is the package's
            # business; a package __init__ gathering its submodules is not a cycle either
            if i.source.startswith(i.target + "."):
                continue
            edges.setdefault(i.source, set()).add(i.target)
    assert _cycles(edges) == []
