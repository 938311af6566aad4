"""Backend registries: names mapped to lazy ``"module:attribute"`` paths.

Each stage with swappable backends (embedders, relaters, renderers) keeps a dict of its
built-in names and an entry-point group where third-party packages add theirs; this module
resolves a name in both, importing only the backend that is asked for.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from importlib.metadata import entry_points

from storydiff.errors import StorydiffError


def names(builtin: Mapping[str, str], group: str) -> list[str]:
    """Built-in names and those registered under the entry-point ``group``, sorted."""
    found = set(builtin)
    found.update(ep.name for ep in entry_points(group=group))
    return sorted(found)


def resolve(name: str, builtin: Mapping[str, str], group: str, what: str) -> object:
    """The object registered as ``name``; a one-line StorydiffError naming the known ones."""
    path = builtin.get(name)
    if path is None:
        path = next((ep.value for ep in entry_points(group=group) if ep.name == name), None)
    if path is None:
        known = ", ".join(names(builtin, group))
        raise StorydiffError(f"unknown {what} '{name}' (known: {known})")
    module_name, _, attr = path.partition(":")
    return getattr(importlib.import_module(module_name), attr)
