"""Every `raise` in l2ref/ names an l2ref.errors class, and l2ref/ has no `assert`."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from l2ref import errors

PACKAGE_DIR = Path(__file__).resolve().parent.parent / "l2ref"


def _raised_name(node: ast.Raise) -> str | None:
    target = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
    if isinstance(target, ast.Name):
        return target.id
    if (
        isinstance(target, ast.Attribute)
        and isinstance(target.value, ast.Name)
        and target.value.id == "errors"
    ):
        return target.attr
    return None


def _violations(source: str, filename: str) -> list[str]:
    problems: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assert):
            problems.append(f"{filename}:{node.lineno}: assert (use `if ...: raise Leaf(...)`)")
        if isinstance(node, ast.Raise) and node.exc is not None:
            name = _raised_name(node)
            cls = getattr(errors, name, None) if name else None
            if not (isinstance(cls, type) and issubclass(cls, errors.L2RefError)):
                problems.append(
                    f"{filename}:{node.lineno}: raises {ast.unparse(node.exc)}, "
                    "not an l2ref.errors class"
                )
    return problems


def test_every_raise_names_an_l2ref_error_and_no_assert() -> None:
    problems: list[str] = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        problems += _violations(path.read_text(encoding="utf-8"), str(path))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("raise ValueError('x')", 1),
        ("assert x", 1),
        ("raise KeyError", 1),
        ("raise InvalidLength('x')", 0),
        ("raise errors.HighS('x')", 0),
        ("try:\n    pass\nexcept Exception:\n    raise", 0),
        ("raise InvalidLength('x') from None", 0),
    ],
)
def test_the_check_catches_foreign_raises_and_asserts(source: str, expected: int) -> None:
    assert len(_violations(source, "<test>")) == expected


def test_hierarchy_roots() -> None:
    roots = [
        errors.DecodingError,
        errors.EncodingError,
        errors.CryptoError,
        errors.InvalidSignature,
        errors.L1Error,
        errors.ChannelError,
        errors.PlasmaError,
        errors.RollupError,
        errors.DisputeGameError,
        errors.ZkError,
        errors.ValidiumError,
        errors.BridgeError,
    ]
    for root in roots:
        assert root.__bases__ == (errors.L2RefError,)
    for name, value in vars(errors).items():
        if isinstance(value, type) and issubclass(value, BaseException):
            assert value is errors.L2RefError or issubclass(value, errors.L2RefError), name
            assert value.__module__ == "l2ref.errors"
            assert value.__doc__, f"{name} has no docstring"
