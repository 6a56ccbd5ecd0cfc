"""Test settings shared by every test module."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# Pure-Python curve arithmetic on a loaded 2-core machine has no meaningful per-example deadline;
# CI derandomises so that a red run can be reproduced exactly.
settings.register_profile(
    "default",
    deadline=None,
    max_examples=50,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("ci", parent=settings.get_profile("default"), derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "default")
