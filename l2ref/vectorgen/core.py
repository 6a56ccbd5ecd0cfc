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
import inspect
import json
import random
import re
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from l2ref import __version__, errors
from l2ref.errors import L2RefError, MalformedVector, VectorGenerationError
from l2ref.vectorgen.codec import from_json, object_schema, schema_of, to_json
from l2ref.vectorgen.values import (
    JsonObject,
    JsonValue,
    as_object,
    dec,
    field_of,
    hex_bytes,
    parse_bytes,
    parse_int,
)

__all__ = [
    "Case",
    "JsonObject",
    "JsonValue",
    "Note",
    "Suite",
    "as_object",
    "case",
    "case_rng",
    "dec",
    "field_of",
    "hex_bytes",
    "note_table",
    "parse_bytes",
    "parse_int",
    "table",
]

SCHEMA_ID = "l2ref-vectors/1"
NOTE_INTENTS = ("SECURITY", "COMPATIBILITY", "EDGE_CASE", "FUNCTIONALITY")


@dataclass(frozen=True)
class Note:
    intent: Literal["SECURITY", "COMPATIBILITY", "EDGE_CASE", "FUNCTIONALITY"]
    description: str


@dataclass(frozen=True)
class Case:
    """One test case: its input (vector form, or values that the suite's types encode), the
    outcome it is written to exercise, its flags and its debugging values."""

    name: str
    input: Mapping[str, object]
    expect: str = "valid"
    flags: tuple[str, ...] = ()
    intermediate: Mapping[str, object] = field(default_factory=dict)


def case(
    name: str, given: Mapping[str, object], outcome: str = "", /, **intermediate: object
) -> Case:
    """A case whose outcome is written `"[expect:] Flag Flag ..."` (expect defaults to valid, e.g.
    `"InvalidLength: WrongLength"` or `"KeyEdge"`) and whose intermediate values are the keyword
    arguments."""
    expect, _, flags = outcome.rpartition(":")
    return Case(name, given, expect.strip() or "valid", tuple(flags.split()), intermediate)


def table(fields: str, *rows: tuple[object, ...] | Case) -> list[Case]:
    """Cases written as rows `(name, a value for each of the space-separated fields, outcome)`,
    the outcome as `case` reads it; a row that is a `Case` already is taken as it is."""
    keys = fields.split()
    return [
        r
        if isinstance(r, Case)
        else case(str(r[0]), dict(zip(keys, r[1:-1], strict=True)), str(r[-1]))
        for r in rows
    ]


def note_table(text: str) -> dict[str, Note]:
    """Notes written one to a paragraph, `Flag INTENT description`, the description continued on
    indented lines (the lines are joined with single spaces)."""
    notes: dict[str, Note] = {}
    for entry in re.split(r"\n(?=\S)", text.strip()):
        flag, intent, description = " ".join(entry.split()).split(" ", 2)
        if intent not in NOTE_INTENTS:
            raise VectorGenerationError(f"note {flag}: unknown intent {intent}")
        notes[flag] = Note(typing.cast(typing.Any, intent), description)
    return notes


@dataclass(frozen=True)
class Suite:
    """One suite: the function it tests, where the spec defines it, its cases and its runner."""

    suite: str
    function: str
    spec: str
    description: tuple[str, ...]
    cases: Callable[[], Sequence[Case]]
    run: Callable[[JsonObject], JsonValue]
    notes: Mapping[str, Note] = field(default_factory=dict)
    parameters: Mapping[str, str] = field(default_factory=dict)
    predicate: bool = False
    # how a case's `input` values become vector form (identity for inputs written as JSON)
    encode_input: Callable[[Mapping[str, object]], JsonObject] | None = None
    input_schema: JsonObject | None = None
    output_schema: JsonObject | None = None


@dataclass(frozen=True)
class Outcome:
    result: Literal["valid", "invalid"]
    error: str | None
    output: JsonValue


# ----------------------------------------------------------------------------- JSON values


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
        case_input = _encoded_input(suite, case)
        outcome = run_case(suite, case_input)
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
                "input": case_input,
                "intermediate": _encoded_intermediate(case),
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


def _encoded_input(suite: Suite, case: Case) -> JsonObject:
    if suite.encode_input is not None:
        return suite.encode_input(case.input)
    return typing.cast(JsonObject, dict(case.input))


def _encoded_intermediate(case: Case) -> JsonObject:
    return {key: to_json(value, typing.Any) for key, value in case.intermediate.items()}


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
        if all(json_equal(w, g) for w, g in zip(want, got, strict=True)):
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


# ----------------------------------------------------------------------------- declaring suites


def spec_anchor(function: Callable[..., object]) -> str:
    """`specs/<module path>.md#<name>`: where the specification defines `function`."""
    module = function.__module__.removeprefix("l2ref.").replace(".", "/")
    return f"specs/{module}.md#{function.__name__}"


def dotted_name(function: Callable[..., object]) -> str:
    """`l2ref.<module>.<name>` of a specification function or constant's defining function."""
    return f"{function.__module__}.{function.__name__}"


def parameter_hints(function: Callable[..., object]) -> dict[str, object]:
    """The parameters of `function` with their resolved type hints, in order."""
    hints = typing.get_type_hints(function)
    return {name: hints[name] for name in inspect.signature(function).parameters}


def _optional_parameters(function: Callable[..., object]) -> frozenset[str]:
    parameters = inspect.signature(function).parameters.values()
    return frozenset(p.name for p in parameters if p.default is not inspect.Parameter.empty)


def input_encoder(function: Callable[..., object]) -> Callable[[Mapping[str, object]], JsonObject]:
    """Encode a case's arguments of `function` by its parameter types (a `Raw` value as given)."""
    hints = parameter_hints(function)

    def encode(arguments: Mapping[str, object]) -> JsonObject:
        unknown = set(arguments) - set(hints)
        if unknown:
            raise VectorGenerationError(f"{function.__name__}: no parameters {sorted(unknown)}")
        return {name: to_json(value, hints[name]) for name, value in arguments.items()}

    return encode


def call_runner(function: Callable[..., object]) -> Callable[[JsonObject], JsonValue]:
    """The runner that decodes `input` by the parameter types of `function`, calls it, and
    encodes what it returns by its return type."""
    hints = parameter_hints(function)
    optional = _optional_parameters(function)
    returns = typing.get_type_hints(function).get("return", typing.Any)

    def run(case_input: JsonObject) -> JsonValue:
        unknown = set(case_input) - set(hints)
        if unknown:
            raise MalformedVector(f"input has unknown fields {sorted(unknown)}")
        arguments = {
            name: from_json(field_of(case_input, name), hint, f"input.{name}")
            for name, hint in hints.items()
            if name in case_input or name not in optional
        }
        return to_json(function(**arguments), returns)

    return run


def input_schema_of(function: Callable[..., object]) -> JsonObject:
    """The JSON Schema of a suite's `input`: one property per parameter of `function`."""
    hints = parameter_hints(function)
    optional = _optional_parameters(function)
    schema = object_schema({name: schema_of(hint) for name, hint in hints.items()})
    schema["required"] = [name for name in hints if name not in optional]
    return schema


def declare(
    area: str,
    function: Callable[..., object],
    cases: Callable[[], Sequence[Case]],
    description: str | Sequence[str],
    *,
    via: Callable[..., object] | None = None,
    name: str | None = None,
    notes: Mapping[str, Note] | None = None,
    parameters: Mapping[str, str] | None = None,
    predicate: bool = False,
) -> Suite:
    """The suite `<area>/<name>` of `function`: its dotted name and spec anchor come from the
    function, its cases' inputs are the arguments of `via` (default: `function` itself), and its
    runner calls `via` with them, decoding and encoding every value by the type hints."""
    target = via or function
    return Suite(
        suite=f"{area}/{name or function.__name__}",
        function=dotted_name(function),
        spec=spec_anchor(function),
        description=(description,) if isinstance(description, str) else tuple(description),
        cases=cases,
        run=call_runner(target),
        notes=notes or {},
        parameters=parameters or {},
        predicate=predicate,
        encode_input=input_encoder(target),
        input_schema=input_schema_of(target),
        output_schema=schema_of(typing.get_type_hints(target).get("return", typing.Any)),
    )


# ----------------------------------------------------------------------------- comparing


def json_equal(a: JsonValue, b: JsonValue) -> bool:
    """Equality of JSON values by type and value: `true` is not `1`, `"1"` is not `1`."""
    if type(a) is not type(b):
        return False
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    return a == b
