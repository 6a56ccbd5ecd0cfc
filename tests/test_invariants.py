"""Every invariant the specs state is exercised by a test that names it.

An invariant is defined by a bullet `- **I-XX-n** ...` (or `- **I-XX-n (name).**`) in the
`## Invariants` section of a spec. A test cites it by writing its id in a docstring or comment,
or by a name `test_i_xx_n_...`. Ids are unique across the specs, every id the specs mention is
defined, and every id a test mentions is defined.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"
TESTS = ROOT / "tests"
THIS_FILE = Path(__file__).resolve()

ID_PATTERN = r"I-[A-Z0-9]+(?:-[A-Z0-9]+)*-[0-9]+"
# an id not followed by more of an id: I-CH-1 is not found in I-CH-10 or I-CH-1-2
ID_TOKEN = re.compile(rf"(?<![A-Za-z0-9-])({ID_PATTERN})(?![A-Za-z0-9]|-[A-Za-z0-9])")
DEFINITION = re.compile(rf"^- \*\*({ID_PATTERN})\b")
TEST_NAME = re.compile(r"^\s*(?:async\s+)?def\s+(test_i_[a-z0-9_]+)\s*\(", re.MULTILINE)


def find_definitions(text: str) -> list[str]:
    """The ids defined in the `## Invariants` section of one spec, in order."""
    defined: list[str] = []
    in_invariants = False
    in_fence = False
    for line in text.splitlines():
        if line.startswith("```"):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        if line.startswith("## "):
            in_invariants = line.strip() == "## Invariants"
            continue
        match = DEFINITION.match(line)
        if in_invariants and match:
            defined.append(match.group(1))
    return defined


def find_mentions(text: str) -> set[str]:
    return set(ID_TOKEN.findall(text))


def find_cited(text: str, defined: set[str]) -> set[str]:
    """The defined ids a test file cites, by text or by a test's name."""
    cited = find_mentions(text) & defined
    prefixes = {"test_" + name.lower().replace("-", "_") + "_": name for name in defined}
    for test_name in TEST_NAME.findall(text):
        cited |= {name for prefix, name in prefixes.items() if test_name.startswith(prefix)}
    return cited


def spec_files() -> list[Path]:
    return sorted(SPECS.rglob("*.md"))


def files_under_tests() -> list[Path]:
    return sorted(p for p in TESTS.rglob("*.py") if p.resolve() != THIS_FILE)


def all_definitions() -> dict[str, list[str]]:
    """id -> the specs that define it."""
    where: dict[str, list[str]] = {}
    for path in spec_files():
        for name in find_definitions(path.read_text()):
            where.setdefault(name, []).append(path.relative_to(ROOT).as_posix())
    return where


def test_the_specs_define_invariants() -> None:
    assert len(all_definitions()) >= 100


def test_each_invariant_is_defined_once() -> None:
    repeated = {name: specs for name, specs in all_definitions().items() if len(specs) > 1}
    assert repeated == {}


def test_every_invariant_the_specs_mention_is_defined() -> None:
    defined = set(all_definitions())
    undefined = {
        path.relative_to(ROOT).as_posix(): sorted(find_mentions(path.read_text()) - defined)
        for path in spec_files()
    }
    assert {path: names for path, names in undefined.items() if names} == {}


def test_every_invariant_is_cited_by_a_test() -> None:
    defined = set(all_definitions())
    cited: set[str] = set()
    for path in files_under_tests():
        cited |= find_cited(path.read_text(), defined)
    assert sorted(defined - cited) == []


def test_tests_cite_only_defined_invariants() -> None:
    defined = set(all_definitions())
    unknown: dict[str, list[str]] = {}
    for path in files_under_tests():
        text = path.read_text()
        names = find_mentions(text) - defined
        names |= {
            name
            for name in TEST_NAME.findall(text)
            if not any(
                name.startswith("test_" + d.lower().replace("-", "_") + "_") for d in defined
            )
        }
        if names:
            unknown[path.relative_to(ROOT).as_posix()] = sorted(names)
    assert unknown == {}


def test_definitions_are_read_only_from_invariants_sections() -> None:
    text = "\n".join(
        [
            "## Helpers",
            "- **I-XX-1** mentioned in a list elsewhere",
            "## Invariants",
            "",
            "- **I-XX-2** (name) the first",
            "- **I-XX-3 (name).** the second, as the encoding specs write them",
            "  continued, citing I-XX-2",
            "```python",
            "- **I-XX-4** inside a code block",
            "```",
            "## Rationale",
            "- **I-XX-5** after the section",
        ]
    )
    assert find_definitions(text) == ["I-XX-2", "I-XX-3"]


def test_citations_are_whole_ids_or_test_names() -> None:
    defined = {"I-CH-1", "I-CH-10", "I-CH-M-1", "I-OP-2"}
    assert find_cited('"""I-CH-10 and I-CH-M-1."""', defined) == {"I-CH-10", "I-CH-M-1"}
    assert find_cited("# see I-CH-1's statement", defined) == {"I-CH-1"}
    assert find_cited("def test_i_ch_10_x() -> None:", defined) == {"I-CH-10"}
    assert find_cited("def test_i_ch_1_x() -> None:", defined) == {"I-CH-1"}
    assert find_cited("I-OP-20 and XI-OP-2", defined) == set()
