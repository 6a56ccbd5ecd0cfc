"""Compare the case sets of two vector trees, case by case.

Each case is the tuple (suite, name, flags, SHA-256 of input, SHA-256 of output, error). Run

    python tests/vector_caseset.py BEFORE_DIR [AFTER_DIR]

(AFTER_DIR defaults to vectors/; BEFORE_DIR may be a git revision, read with `git show`). It
prints every case of BEFORE that AFTER lacks, every case whose tuple changed (with which fields)
and the cases AFTER adds, and exits 1 when a case is missing.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CaseKey = tuple[str, str]
CaseTuple = tuple[str, str, str, str, str, str]


def _digest(value: object) -> str:
    text = json.dumps(value, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def case_tuples(files: Mapping[str, str]) -> dict[CaseKey, CaseTuple]:
    """Every case of the vector files given as path -> text, keyed by (suite, name)."""
    cases: dict[CaseKey, CaseTuple] = {}
    for path, text in sorted(files.items()):
        if not path.endswith(".json") or path.endswith("schema.json"):
            continue
        document = json.loads(text)
        suite = str(document["suite"])
        for test in document["tests"]:
            name = str(test["name"])
            flags = ",".join(sorted(test.get("flags", [])))
            error = str(test.get("error") or "")
            cases[(suite, name)] = (
                suite,
                name,
                flags,
                _digest(test.get("input")),
                _digest(test.get("output")),
                error,
            )
    return cases


def read_tree(source: str) -> dict[str, str]:
    """The vector files of a directory, or of vectors/ at a git revision."""
    directory = Path(source)
    if directory.is_dir():
        return {
            str(path.relative_to(directory)): path.read_text(encoding="utf-8")
            for path in directory.rglob("*.json")
        }
    listing = subprocess.run(
        ["git", "ls-tree", "-r", "--name-only", source, "vectors/"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()

    def show(path: str) -> str:
        command = ["git", "show", f"{source}:{path}"]
        return subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True).stdout

    return {path.removeprefix("vectors/"): show(path) for path in listing if path.endswith(".json")}


FIELDS = ("suite", "name", "flags", "input", "output", "error")


def compare(before: dict[CaseKey, CaseTuple], after: dict[CaseKey, CaseTuple]) -> list[str]:
    """Report lines: missing cases, changed fields per case, added cases (counts per suite)."""
    lines: list[str] = []
    missing = sorted(set(before) - set(after))
    added = sorted(set(after) - set(before))
    changed: dict[str, list[str]] = {}
    for key in sorted(set(before) & set(after)):
        fields = [f for f, b, a in zip(FIELDS, before[key], after[key], strict=True) if b != a]
        if fields:
            changed.setdefault(key[0], []).append(f"{key[1]} ({', '.join(fields)})")
    lines.append(f"cases before: {len(before)}, after: {len(after)}")
    lines.append(f"missing: {len(missing)}")
    lines.extend(f"  MISSING {suite}::{name}" for suite, name in missing)
    lines.append(f"added: {len(added)}")
    added_per_suite: dict[str, int] = {}
    for suite, _ in added:
        added_per_suite[suite] = added_per_suite.get(suite, 0) + 1
    lines.extend(f"  {suite}: +{count}" for suite, count in sorted(added_per_suite.items()))
    lines.append(f"changed: {sum(len(v) for v in changed.values())} in {len(changed)} suites")
    for suite, names in sorted(changed.items()):
        lines.append(f"  {suite}: {len(names)} cases, e.g. {names[0]}")
    lines.append(f"unchanged: {len(set(before) & set(after)) - sum(map(len, changed.values()))}")
    return lines


def main(argv: list[str]) -> int:
    if not 1 <= len(argv) <= 2:
        print(__doc__)
        return 2
    before = case_tuples(read_tree(argv[0]))
    after = case_tuples(read_tree(argv[1] if len(argv) == 2 else str(ROOT / "vectors")))
    lines = compare(before, after)
    print("\n".join(lines))
    return 1 if any(line.startswith("  MISSING") for line in lines) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
