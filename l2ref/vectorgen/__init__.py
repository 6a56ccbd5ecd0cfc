"""Conformance vector suites. Each area's module of this package exports `SUITES`."""

from __future__ import annotations

import importlib
import pkgutil

from l2ref.errors import VectorGenerationError
from l2ref.vectorgen.core import Suite


def all_suites() -> list[Suite]:
    """Every suite of every area, ordered by suite name."""
    suites: list[Suite] = []
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        suites.extend(getattr(module, "SUITES", ()))
    names = [suite.suite for suite in suites]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise VectorGenerationError(f"suite names defined twice: {duplicates}")
    return sorted(suites, key=lambda suite: suite.suite)
