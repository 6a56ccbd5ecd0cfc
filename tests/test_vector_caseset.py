"""The case-set comparison names missing, changed and added cases."""

from __future__ import annotations

import json

from vector_caseset import case_tuples, compare


def _file(*tests: dict[str, object]) -> str:
    return json.dumps({"suite": "area/f", "tests": list(tests)})


def test_compare_reports_missing_changed_and_added_cases() -> None:
    kept: dict[str, object] = {
        "name": "kept",
        "flags": [],
        "input": {"a": "1"},
        "output": "0x",
        "error": None,
    }
    gone: dict[str, object] = {
        "name": "gone",
        "flags": ["X"],
        "input": {},
        "output": None,
        "error": "E",
    }
    before = case_tuples({"area/f.json": _file(kept, gone)})
    after = case_tuples({"area/f.json": _file({**kept, "output": "0x01"}, {**gone, "name": "new"})})
    report = compare(before, after)
    assert "  MISSING area/f::gone" in report
    assert "  area/f: 1 cases, e.g. kept (output)" in report
    assert "  area/f: +1" in report
    assert compare(before, before)[1] == "missing: 0"
