"""Packages whose public names are imported when first asked for.

A Sphinx build or a command loads only the modules it uses: an empty build
imports almost nothing of ours, and ``smtpcodes explain`` never imports the
readers of bounces (the ``email`` package is slow to import).
"""

from __future__ import annotations

import importlib.util
import sys
import types
from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any


def lazy_package(name: str, homes: Mapping[str, str]) -> Callable[[str], Any]:
    """Make package ``name`` import each name of ``homes`` (name → submodule) on first use.

    Returns the package's ``__getattr__`` (PEP 562). A function that shares its
    name with the submodule defining it (``content.compare``) stays the
    function: importing a submodule sets it as an attribute of its package,
    which would hide the function for good.
    """
    module = sys.modules[name]

    def __getattr__(attr: str) -> Any:
        home = homes.get(attr)
        if home is None:
            raise AttributeError(f"module {name!r} has no attribute {attr!r}")
        value = getattr(import_module(f".{home}", name), attr)
        module.__dict__[attr] = value
        return value

    class LazyPackage(types.ModuleType):
        def __setattr__(self, attr: str, value: Any) -> None:
            if isinstance(value, types.ModuleType) and homes.get(attr) == attr:
                return
            super().__setattr__(attr, value)

    module.__class__ = LazyPackage
    return __getattr__


def lazy_module(name: str) -> types.ModuleType:
    """Module ``name``, run when one of its attributes is first read.

    The Sphinx layer names the heavy parts (the content, the renderers, the
    readers) this way, so that loading the extension costs little and a build
    pays for what its pages use.
    """
    found = sys.modules.get(name)
    if found is not None:
        return found
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:  # pragma: no cover - our own modules
        raise ImportError(name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module
