"""The conformance-vector engine: suites, cases, generation, verification (specs/vectors.md).

A `Suite` names one function of the specification and holds two callables:

- `cases()` builds the test cases: their inputs as JSON values, and the outcome the case is
  written to exercise (`expect`: "valid", "invalid" for a predicate returning false, or the
  name of the error class the call must raise);
- `run(input)` decodes a case's input, calls the reference, and encodes what it returns.

Generation runs every case through `run` and refuses to write a file if a case does not end as
its `expect` says, so a vector never records an outcome nobody intended. Verification reads the
files back and runs them again, comparing `result`, `error` and `output`.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TypeAlias

from l2ref import __version__, errors
from l2ref.errors import InvalidHex, L2RefError, MalformedVector, VectorGenerationError

JsonValue: TypeAlias = bool | int | str | list["JsonValue"] | dict[str, "JsonValue"] | None
JsonObject: TypeAlias = dict[str, JsonValue]

SCHEMA_ID = "l2ref-vectors/1"
NOTE_INTENTS = ("SECURITY", "COMPATIBILITY", "EDGE_CASE", "FUNCTIONALITY")


@dataclass(frozen=True)
class Note:
    intent: Literal["SECURITY", "COMPATIBILITY", "EDGE_CASE", "FUNCTIONALITY"]
    description: str


@dataclass(frozen=True)
class Case:
    name: str
    input: JsonObject
    expect: str = "valid"
    flags: tuple[str, ...] = ()
    intermediate: JsonObject = field(default_factory=dict)


@dataclass(frozen=True)
class Suite:
    suite: str
    function: str
    spec: str
    description: tuple[str, ...]
    cases: Callable[[], Sequence[Case]]
    run: Callable[[JsonObject], JsonValue]
    notes: Mapping[str, Note] = field(default_factory=dict)
    parameters: Mapping[str, str] = field(default_factory=dict)
    predicate: bool = False


@dataclass(frozen=True)
class Outcome:
    result: Literal["valid", "invalid"]
    error: str | None
    output: JsonValue


# ----------------------------------------------------------------------------- JSON values


def hex_bytes(data: bytes) -> str:
    return "0x" + data.hex()


def parse_bytes(value: JsonValue, what: str = "value") -> bytes:
    if not isinstance(value, str) or not value.startswith("0x"):
        raise InvalidHex(f"{what}: expected 0x-prefixed hex, got {value!r}")
    digits = value[2:]
    if len(digits) % 2 or any(c not in "0123456789abcdef" for c in digits):
        raise InvalidHex(f"{what}: {value!r} is not 0x followed by pairs of lowercase hex digits")
    return bytes.fromhex(digits)


def dec(number: int) -> str:
    return str(number)


def parse_int(value: JsonValue, what: str = "value") -> int:
    if not isinstance(value, str) or not value or value.lstrip("-") == "":
        raise MalformedVector(f"{what}: expected a decimal string, got {value!r}")
    body = value[1:] if value.startswith("-") else value
    leading_zero = len(body) > 1 and body[0] == "0"
    if not body.isdigit() or not body.isascii() or leading_zero or value == "-0":
        raise MalformedVector(f"{what}: {value!r} is not a canonical decimal string")
    return int(value)


def field_of(obj: JsonObject, key: str) -> JsonValue:
    if key not in obj:
        raise MalformedVector(f"input has no field {key!r}")
    return obj[key]


def as_object(value: JsonValue, what: str) -> JsonObject:
    if not isinstance(value, dict):
        raise MalformedVector(f"{what} must be an object")
    return value


def case_rng(suite: str, name: str) -> random.Random:
    """The only source of randomness for vectors: seeded from the suite and case names."""
    seed = hashlib.sha256(f"{suite}\x00{name}".encode()).digest()
    return random.Random(int.from_bytes(seed, "big"))


def dumps(obj: JsonValue) -> str:
    return json.dumps(obj, indent=2, ensure_ascii=True) + "\n"


# ----------------------------------------------------------------------------- running


def run_case(suite: Suite, case_input: JsonObject) -> Outcome:
    """Run one case: a returned value is `valid` (or `invalid` for a predicate's false); an
    l2ref error is `invalid` with the error's class name. Any other exception propagates."""
    try:
        output = suite.run(case_input)
    except L2RefError as exc:
        return Outcome("invalid", type(exc).__name__, None)
    if suite.predicate:
        if not isinstance(output, bool):
            raise VectorGenerationError(f"{suite.suite}: predicate returned {output!r}")
        return Outcome("valid" if output else "invalid", None, output)
    return Outcome("valid", None, output)


def _expected_matches(case: Case, outcome: Outcome) -> bool:
    if case.expect == "valid":
        return outcome.result == "valid"
    if case.expect == "invalid":
        return outcome.result == "invalid" and outcome.error is None
    return outcome.error == case.expect


def build_suite_file(suite: Suite) -> JsonObject:
    cases = list(suite.cases())
    names = [case.name for case in cases]
    if len(set(names)) != len(names):
        raise VectorGenerationError(f"{suite.suite}: duplicate case names")
    used_flags = {flag for case in cases for flag in case.flags}
    if used_flags - set(suite.notes):
        raise VectorGenerationError(
            f"{suite.suite}: flags without notes: {used_flags - set(suite.notes)}"
        )
    tests: list[JsonValue] = []
    for number, case in enumerate(cases, start=1):
        if case.expect not in ("valid", "invalid") and not hasattr(errors, case.expect):
            raise VectorGenerationError(f"{suite.suite}/{case.name}: unknown error {case.expect}")
        outcome = run_case(suite, case.input)
        if not _expected_matches(case, outcome):
            raise VectorGenerationError(
                f"{suite.suite}/{case.name}: expected {case.expect}, got "
                f"{outcome.error or outcome.result}"
            )
        tests.append(
            {
                "id": number,
                "name": case.name,
                "flags": list(case.flags),
                "input": case.input,
                "intermediate": case.intermediate,
                "output": outcome.output,
                "result": outcome.result,
                "error": outcome.error,
            }
        )
    notes: JsonObject = {
        flag: {"intent": note.intent, "description": note.description}
        for flag, note in sorted(suite.notes.items())
        if flag in used_flags
    }
    return {
        "schema": SCHEMA_ID,
        "suite": suite.suite,
        "function": suite.function,
        "spec": suite.spec,
        "generator": {"name": "l2ref", "version": __version__},
        "description": list(suite.description),
        "notes": notes,
        "parameters": dict(suite.parameters),
        "numberOfTests": len(tests),
        "tests": tests,
    }


def suite_path(root: Path, suite: Suite) -> Path:
    return root / f"{suite.suite}.json"


def generate(suites: Iterable[Suite], root: Path, check: bool) -> list[str]:
    """Write (or, with `check`, compare) every suite file; return the differences found."""
    differences: list[str] = []
    expected: set[Path] = set()
    for suite in suites:
        path = suite_path(root, suite)
        expected.add(path)
        text = dumps(build_suite_file(suite))
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        differences.append(f"{'missing' if current is None else 'differs'}: {path}")
        if not check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    for path in sorted(root.rglob("*.json")):
        if path.name != "schema.json" and path not in expected:
            differences.append(f"not generated by any suite: {path}")
            if not check:
                path.unlink()
    return differences


# ----------------------------------------------------------------------------- verifying


@dataclass
class VerifyReport:
    passed: int = 0
    failures: list[str] = field(default_factory=list)


def _load(path: Path) -> JsonObject:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MalformedVector(f"{path}: {exc}") from exc
    if not isinstance(data, dict) or data.get("schema") != SCHEMA_ID:
        raise MalformedVector(f"{path}: not an {SCHEMA_ID} file")
    tests = data.get("tests")
    if not isinstance(tests, list) or not isinstance(data.get("suite"), str):
        raise MalformedVector(f"{path}: no suite name or no tests list")
    return data


def verify_file(path: Path, suites: Mapping[str, Suite], report: VerifyReport) -> None:
    try:
        data = _load(path)
    except MalformedVector as exc:
        report.failures.append(f"FAIL {exc}")
        return
    name = data["suite"]
    suite = suites.get(name) if isinstance(name, str) else None
    if suite is None:
        report.failures.append(f"FAIL {path}: no suite named {name!r} in this implementation")
        return
    tests = data["tests"]
    if not isinstance(tests, list):
        return
    for test in tests:
        if not isinstance(test, dict):
            report.failures.append(f"FAIL {path}: a test that is not an object")
            continue
        label = f"{path} #{test.get('id')} {test.get('name')}"
        case_input = test.get("input")
        if not isinstance(case_input, dict):
            report.failures.append(f"FAIL {label}: input is not an object")
            continue
        try:
            outcome = run_case(suite, case_input)
        except Exception as exc:  # a crash is a failure of this case, not of the run
            report.failures.append(f"FAIL {label}: crashed with {type(exc).__name__}: {exc}")
            continue
        want = (test.get("result"), test.get("error"), test.get("output"))
        got = (outcome.result, outcome.error, outcome.output)
        if want == got:
            report.passed += 1
        else:
            report.failures.append(
                f"FAIL {label}: expected result={want[0]} error={want[1]} output={want[2]!r}; "
                f"got result={got[0]} error={got[1]} output={got[2]!r}"
            )


def vector_files(paths: Sequence[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(p for p in sorted(path.rglob("*.json")) if p.name != "schema.json")
        else:
            found.append(path)
    return found
