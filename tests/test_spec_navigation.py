"""Tables of contents, links and `--write` of the spec mirror, on copies of the tree.

Each test copies specs/, l2ref/, README.md and the other files the specs link to into its own
`tmp_path`, breaks the copy in one way, and shows that the check reports it and whether
`write_specs` repairs it.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from test_spec_sync import (
    PACKAGE_DIR,
    ROOT,
    TOC_END,
    TOC_START,
    check_outline,
    check_specs,
    find_links,
    heading_slug,
    navigation_files,
    parse_headings,
    render_toc,
    with_synced_blocks,
    with_toc,
    write_specs,
)


def _copy_tree(destination: Path) -> Path:
    """A copy of everything the mirror check reads, including every file a link points to."""
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(ROOT / "specs", destination / "specs", ignore=ignore)
    shutil.copytree(PACKAGE_DIR, destination / PACKAGE_DIR.name, ignore=ignore)
    shutil.copy2(ROOT / "README.md", destination / "README.md")
    for path in navigation_files(ROOT):
        for _, target in find_links(path.read_text(encoding="utf-8")):
            file_part = target.partition("#")[0]
            linked = (path.parent / file_part).resolve()
            if not file_part or "://" in target or not linked.is_relative_to(ROOT):
                continue
            copy = destination / linked.relative_to(ROOT)
            if linked.is_file() and not copy.exists():
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(linked, copy)
    return destination


def _texts(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): path.read_text(encoding="utf-8")
        for path in navigation_files(root)
    }


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = _copy_tree(tmp_path / "repo")
    assert check_specs(root) == []
    return root


# ----------------------------------------------------------------------------- on copies


def test_write_on_a_current_tree_changes_nothing(tree: Path) -> None:
    before = _texts(tree)
    assert write_specs(tree) == []
    assert _texts(tree) == before


def test_broken_links_are_reported_and_not_repaired(tree: Path) -> None:
    spec = tree / "specs" / "channels" / "contract.md"
    text = spec.read_text(encoding="utf-8")
    text = text.replace(
        "## Rationale\n",
        "## Rationale\n\nSee [the state](../l1/no_such_file.md) and "
        "[`get_account`](../l1/state.md#no_such_heading) and [this](#nowhere).\n",
        1,
    )
    spec.write_text(text, encoding="utf-8")
    readme = tree / "README.md"
    readme.write_text(readme.read_text() + "\n[gone](specs/gone.md)\n", encoding="utf-8")

    errors = check_specs(tree)
    assert len(errors) == 4, errors
    assert any("(../l1/no_such_file.md): no file specs/l1/no_such_file.md" in e for e in errors)
    assert any("no heading with the anchor #no_such_heading in state.md" in e for e in errors)
    assert any("(#nowhere): no heading with the anchor #nowhere in contract" in e for e in errors)
    assert any(e.startswith("README.md: ") and "specs/gone.md" in e for e in errors)

    assert write_specs(tree) == []
    assert check_specs(tree) == errors


def test_a_stale_table_of_contents_is_reported_and_regenerated(tree: Path) -> None:
    original = _texts(tree)
    spec = tree / "specs" / "crypto" / "hash.md"
    stale = original["specs/crypto/hash.md"].replace(
        "## Vectors\n", "### Design notes\n\nWords.\n\n## Vectors\n", 1
    )
    assert stale != original["specs/crypto/hash.md"]
    spec.write_text(stale, encoding="utf-8")
    missing = tree / "specs" / "l1" / "types.md"
    text = original["specs/l1/types.md"]
    start, end = text.index(TOC_START), text.index(TOC_END) + len(TOC_END) + 1
    missing.write_text(text[:start] + text[end:], encoding="utf-8")

    errors = check_specs(tree)
    assert errors == [
        "specs/crypto/hash.md: the table of contents is stale",
        f"specs/l1/types.md: no table of contents between one {TOC_START} and one {TOC_END} line",
    ]

    assert write_specs(tree) == [spec, missing]
    assert check_specs(tree) == []
    repaired = _texts(tree)
    assert "\n  - [Design notes](#design-notes)\n" in repaired["specs/crypto/hash.md"]
    assert repaired["specs/crypto/hash.md"] == with_toc(stale)
    assert repaired["specs/l1/types.md"] == original["specs/l1/types.md"]


def test_code_drift_is_reported_and_rewritten_from_the_module(tree: Path) -> None:
    original = _texts(tree)
    spec = tree / "specs" / "crypto" / "hash.md"
    module = tree / "l2ref" / "crypto" / "hash.py"
    drifted = original["specs/crypto/hash.md"].replace("def keccak256(", "def keccak256( ", 1)
    assert drifted != original["specs/crypto/hash.md"]
    spec.write_text(drifted, encoding="utf-8")
    source = module.read_text(encoding="utf-8")
    head, _, body = source.partition("def sha256(")
    signature, _, rest = body.partition(":\n")
    module.write_text(
        f'{head}def sha256({signature}:\n    """The SHA-256 digest."""\n{rest}', encoding="utf-8"
    )

    errors = check_specs(tree)
    assert len(errors) == 2, errors
    assert errors[0].startswith("specs/crypto/hash.md: `keccak256` differs between module and spec")
    assert errors[1].startswith("specs/crypto/hash.md: `sha256` differs between module and spec")
    assert '-    """The SHA-256 digest."""' in errors[1]

    assert write_specs(tree) == [spec]
    assert check_specs(tree) == []
    repaired = _texts(tree)
    assert repaired["specs/crypto/hash.md"] != original["specs/crypto/hash.md"]
    assert '    """The SHA-256 digest."""\n' in repaired["specs/crypto/hash.md"]
    assert {k: v for k, v in repaired.items() if k != "specs/crypto/hash.md"} == {
        k: v for k, v in original.items() if k != "specs/crypto/hash.md"
    }
    module.write_text(source, encoding="utf-8")
    assert write_specs(tree) == [spec]
    assert _texts(tree) == original


# ----------------------------------------------------------------------------- the pieces


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        ("`process_close`", "process_close"),
        ("`_read_status`", "_read_status"),
        ("`crypto/keccak256`", "cryptokeccak256"),
        ("Worked example: the EIP's `Mail`", "worked-example-the-eips-mail"),
        ("Fees and the safety delta", "fees-and-the-safety-delta"),
        ("Dispute-game interface", "dispute-game-interface"),
        ("BN254 precompiles (EIP-196, EIP-197)", "bn254-precompiles-eip-196-eip-197"),
        ("See [Notation](#notation)", "see-notation"),
    ],
)
def test_heading_anchors_follow_github(heading: str, anchor: str) -> None:
    assert heading_slug(heading) == anchor


DOCUMENT = textwrap.dedent(
    """\
    # Errors

    ## Introduction

    ```python
    # not a heading
    ```

    ## Helpers

    ### Group

    #### `a`

    ## Errors

    ## Helpers
    """
)


def test_repeated_headings_are_numbered_as_github_does() -> None:
    anchors = [heading.anchor for heading in parse_headings(DOCUMENT)]
    assert anchors == ["errors", "introduction", "helpers", "group", "a", "errors-1", "helpers-1"]


def test_table_of_contents_is_a_nested_list_after_the_title() -> None:
    assert render_toc(DOCUMENT) == [
        TOC_START,
        "",
        "- [Introduction](#introduction)",
        "- [Helpers](#helpers)",
        "  - [Group](#group)",
        "    - [`a`](#a)",
        "- [Errors](#errors-1)",
        "- [Helpers](#helpers-1)",
        "",
        TOC_END,
    ]
    inserted = with_toc(DOCUMENT)
    assert inserted.startswith(f"# Errors\n\n{TOC_START}\n\n- [Introduction](#introduction)\n")
    assert with_toc(inserted) == inserted


def test_links_in_code_are_not_links() -> None:
    text = "[a](a.md) `[k](P)` and\n[`b`](b.md#b)\n\n```text\n[c](c.md)\n```\n"
    assert find_links(text) == [(1, "a.md"), (2, "b.md#b")]


OUTLINE = textwrap.dedent(
    """\
    # Example

    ## Helpers

    ### `a`

    ### Group

    #### `b`
    """
)


def test_definitions_stand_one_level_below_their_group() -> None:
    assert check_outline(OUTLINE) == []
    errors = check_outline(OUTLINE.replace("#### `b`", "### `b`"))
    assert errors == [
        "line 9: `b` follows a subsection of 'Helpers' at its level; "
        "the definitions of a group come before its subsections"
    ]
    errors = check_outline(OUTLINE.replace("### `a`", "#### `a`"))
    assert errors == [
        "line 5: `a` is a level-4 heading under the heading 'Helpers'; "
        "a definition stands one level below the heading of its group"
    ]


def test_synced_blocks_replace_only_definition_blocks() -> None:
    spec = (
        "# S\n\n### `f`\n\nWords.\n\n```python\ndef f() -> int:\n    return 1\n```\n\n"
        "```text\nunchanged\n```\n\n### `g`\n\n```python\ng = 1\n```\n"
    )
    module = '"""M."""\n\n\ndef f() -> int:\n    """One."""\n    return 1\n\n\ng = 2\n'
    assert with_synced_blocks(spec, module) == spec.replace(
        "def f() -> int:\n", 'def f() -> int:\n    """One."""\n'
    ).replace("g = 1", "g = 2")
