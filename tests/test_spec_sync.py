"""The spec mirror: every definition of l2ref/ stands, identical and in order, in specs/.

Rules (specs/README.md, "The mirror"):

1. Every spec `specs/<path>.md` has a module `l2ref/<path>.py` and the reverse (except the listed
   documents and the package plumbing that is not specification).
2. A module holds, at top level, only a docstring, imports and definitions (functions, classes,
   assignments). No other statement and no comment stands outside a definition.
3. Every ```python block of a spec sits under its own definition heading `` ### `name` `` (level
   3 or deeper: `###`, `####`, ...) and defines exactly `name`; every such heading has exactly
   one block.
4. The set of definitions is the same on both sides, each block is identical to the module text
   (shown as a diff otherwise), and the order is the same.
5. Every public constant (UPPER_SNAKE) stands in a constants table row
   `` | `NAME` | `expr` (= N) | meaning | ``, whose expression equals the module's and whose
   optional `(= N)` equals the value.
6. The level-2 sections that a spec has follow the section order of specs/README.md, and the
   first is "Introduction".
7. A definition heading stands one level below the heading of its group (`###` under a `##`
   section, `####` under a `###` subsection), and a group's definitions come before its
   subsections.
8. Every file of specs/ opens with its table of contents, generated from its `##` to `####`
   headings, between a `<!-- toc -->` and a `<!-- /toc -->` line before the first `##` section.
9. Every relative link of specs/ and of README.md names an existing file and, in a Markdown
   file, an existing heading anchor (GitHub's: `` ### `process_close` `` is `#process_close`).

`python tests/test_spec_sync.py --write` rewrites every python block from its module's text and
regenerates every table of contents; it touches nothing else, and the check still reports all
other drift (missing or extra definitions, order, tables, outline, broken links).
`python tests/test_spec_sync.py l2ref/<path>.py` prints a spec skeleton for a module.
"""

from __future__ import annotations

import ast
import difflib
import importlib
import os
import re
import sys
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SPECS_DIR = ROOT / "specs"
PACKAGE_DIR = ROOT / "l2ref"

# Documents of specs/ that describe the project rather than mirror a module.
WRITE_HINT = (
    "`python tests/test_spec_sync.py --write` rewrites the python blocks and the tables of "
    "contents; other drift is fixed by hand"
)
UNMIRRORED_SPECS = frozenset({"README.md", "vectors.md"})
# Package plumbing that is not specification: the command line and the vector generator.
UNMIRRORED_MODULES = frozenset({"__init__.py", "__main__.py", "cli.py"})
UNMIRRORED_PACKAGES = frozenset({"vectorgen"})

SECTION_ORDER = (
    "Introduction",
    "Notation",
    "Types",
    "Constants",
    "Containers",
    "Helpers",
    "L1 contract",
    "State transition",
    "Actor behaviour",
    "Invariants",
    "Rationale",
    "Errors",
    "Vectors",
)

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
DEFINITION_MIN_LEVEL = 3
DEFINITION_HEADING = re.compile(r"^`([A-Za-z_][A-Za-z0-9_]*)`$")
FENCE = re.compile(r"^(```+|~~~+)\s*([^`\s]*)\s*$")
CONSTANT_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")
TABLE_ROW = re.compile(
    r"^\|\s*`(?P<name>[A-Z][A-Z0-9_]*)`\s*\|\s*`(?P<expr>[^`]+)`"
    r"(?:\s*\(=\s*(?P<value>-?[0-9][0-9,]*|0x[0-9a-fA-F]+)\))?\s*\|.*\|\s*$"
)


@dataclass(frozen=True)
class SpecBlock:
    name: str
    text: str
    line: int


@dataclass(frozen=True)
class TableRow:
    name: str
    expression: str
    value: str | None
    line: int


@dataclass(frozen=True)
class ParsedSpec:
    blocks: list[SpecBlock]
    rows: list[TableRow]
    sections: list[str]
    errors: list[str]


@dataclass(frozen=True)
class ModuleDefinition:
    name: str
    text: str
    value_source: str | None  # the right-hand side of an assignment, else None
    line: int


@dataclass(frozen=True)
class ParsedModule:
    definitions: list[ModuleDefinition]
    errors: list[str]


def _normalise(text: str) -> str:
    lines = [line.rstrip() for line in text.splitlines()]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def _defined_names(node: ast.stmt) -> list[str]:
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return [node.name]
    if isinstance(node, ast.Assign):
        if len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            return [node.targets[0].id]
        return []
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value:
        return [node.target.id]
    return []


def _definition_name(heading: tuple[int, str, int] | None) -> str | None:
    """The name a heading `` ### `name` `` (level 3 or deeper) defines, else None."""
    if heading is None or heading[0] < DEFINITION_MIN_LEVEL:
        return None
    match = DEFINITION_HEADING.match(heading[1])
    return match.group(1) if match else None


def _heading_without_block(heading: tuple[int, str, int] | None, blocks: int) -> list[str]:
    if heading is None or blocks or _definition_name(heading) is None:
        return []
    return [f"line {heading[2]}: heading {'#' * heading[0]} {heading[1]} has no python block"]


def parse_spec(text: str) -> ParsedSpec:
    """Split a Markdown spec into its python blocks, constants-table rows and sections."""
    blocks: list[SpecBlock] = []
    rows: list[TableRow] = []
    sections: list[str] = []
    errors: list[str] = []
    heading: tuple[int, str, int] | None = None  # (level, text, line)
    blocks_under_heading = 0
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        fence = FENCE.match(line)
        if fence:
            marker, info = fence.group(1), fence.group(2)
            start = index + 1
            end = start
            while end < len(lines) and not lines[end].startswith(marker):
                end += 1
            if end == len(lines):
                errors.append(f"line {index + 1}: code block is never closed")
            body = "\n".join(lines[start:end])
            index = end + 1
            if info != "python":
                continue
            blocks_under_heading += 1
            where = f"line {index - (end - start) - 1}"
            name = _definition_name(heading)
            if heading is None or name is None:
                errors.append(f"{where}: python block is not under a heading ### `name`")
                continue
            marks = "#" * heading[0]
            if blocks_under_heading > 1:
                errors.append(f"{where}: second python block under {marks} `{name}`")
                continue
            try:
                tree = ast.parse(body)
            except SyntaxError as exc:
                errors.append(f"{where}: block `{name}` does not parse: {exc.msg}")
                continue
            defined = [n for stmt in tree.body for n in _defined_names(stmt)]
            if defined != [name] or len(tree.body) != 1:
                errors.append(
                    f"{where}: block under {marks} `{name}` must define exactly `{name}`, "
                    f"it defines {defined or 'nothing'}"
                )
                continue
            blocks.append(SpecBlock(name, _normalise(body), start))
            continue
        match = HEADING.match(line)
        if match:
            errors.extend(_heading_without_block(heading, blocks_under_heading))
            heading = (len(match.group(1)), match.group(2), index + 1)
            blocks_under_heading = 0
            if len(match.group(1)) == 2:
                sections.append(match.group(2))
        else:
            row = TABLE_ROW.match(line)
            if row:
                rows.append(
                    TableRow(row.group("name"), row.group("expr"), row.group("value"), index + 1)
                )
        index += 1
    errors.extend(_heading_without_block(heading, blocks_under_heading))
    return ParsedSpec(blocks, rows, sections, errors)


def parse_module(source: str) -> ParsedModule:
    """Split a module into its top-level definitions; anything else at top level is an error."""
    errors: list[str] = []
    definitions: list[ModuleDefinition] = []
    tree = ast.parse(source)
    lines = source.splitlines()
    covered: set[int] = set()
    for position, node in enumerate(tree.body):
        first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
        last = node.end_lineno or node.lineno
        span = range(first, last + 1)
        is_docstring = (
            position == 0
            and isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        )
        if is_docstring or isinstance(node, ast.Import | ast.ImportFrom):
            covered.update(span)
            continue
        names = _defined_names(node)
        if len(names) != 1:
            errors.append(f"line {node.lineno}: top-level statement outside a definition")
            covered.update(span)
            continue
        covered.update(span)
        value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
        definitions.append(
            ModuleDefinition(
                names[0],
                _normalise("\n".join(lines[first - 1 : last])),
                ast.unparse(value) if value is not None else None,
                first,
            )
        )
    for number, line in enumerate(lines, start=1):
        if number not in covered and line.strip():
            errors.append(f"line {number}: text outside a definition: {line.strip()!r}")
    return ParsedModule(definitions, errors)


def _parse_table_value(text: str) -> int:
    cleaned = text.replace(",", "")
    if cleaned.lower().startswith("0x"):
        return int(cleaned, 16)
    return int(cleaned)


def check_pair(spec_text: str, module_source: str, values: Mapping[str, object]) -> list[str]:
    """All drift between one spec and its module; `values` are the module's evaluated names."""
    spec = parse_spec(spec_text)
    module = parse_module(module_source)
    errors = [f"spec {e}" for e in spec.errors] + [f"module {e}" for e in module.errors]

    spec_names = [block.name for block in spec.blocks]
    module_names = [definition.name for definition in module.definitions]
    for name in sorted({n for n in spec_names if spec_names.count(n) > 1}):
        errors.append(f"`{name}` has more than one block in the spec")
    for name in sorted({n for n in module_names if module_names.count(n) > 1}):
        errors.append(f"`{name}` is defined more than once in the module")
    for name in module_names:
        if name not in spec_names:
            errors.append(f"`{name}` is defined in the module but has no block in the spec")
    for name in spec_names:
        if name not in module_names:
            errors.append(f"`{name}` has a block in the spec but is not defined in the module")

    spec_by_name = {block.name: block for block in spec.blocks}
    for definition in module.definitions:
        block = spec_by_name.get(definition.name)
        if block is None or block.text == definition.text:
            continue
        diff = "\n".join(
            difflib.unified_diff(
                definition.text.splitlines(),
                block.text.splitlines(),
                f"module:{definition.name}",
                f"spec:{definition.name}",
                lineterm="",
            )
        )
        errors.append(f"`{definition.name}` differs between module and spec:\n{diff}")

    common_module = [n for n in module_names if n in spec_by_name]
    common_spec = [n for n in spec_names if n in set(module_names)]
    if common_module != common_spec:
        for module_name, spec_name in zip(common_module, common_spec, strict=True):
            if module_name != spec_name:
                errors.append(
                    f"order differs: the module has `{module_name}` where the spec has "
                    f"`{spec_name}`"
                )
                break

    constants = {d.name: d for d in module.definitions if d.value_source is not None}
    tabled = {row.name for row in spec.rows}
    for name in constants:
        if CONSTANT_NAME.match(name) and name not in tabled:
            errors.append(f"constant `{name}` has no row in a constants table")
    for row in spec.rows:
        constant = constants.get(row.name)
        if constant is None:
            errors.append(f"table line {row.line}: `{row.name}` is not a constant of the module")
            continue
        try:
            expression = ast.unparse(ast.parse(row.expression, mode="eval").body)
        except SyntaxError:
            errors.append(f"table line {row.line}: `{row.expression}` does not parse")
            continue
        if expression != constant.value_source:
            errors.append(
                f"table line {row.line}: `{row.name}` is `{row.expression}` in the table but "
                f"`{constant.value_source}` in the module"
            )
        if row.value is not None:
            actual = values.get(row.name)
            if not isinstance(actual, int) or _parse_table_value(row.value) != actual:
                errors.append(
                    f"table line {row.line}: `{row.name}` says (= {row.value}) but its value is "
                    f"{actual!r}"
                )

    errors.extend(check_sections(spec.sections))
    errors.extend(f"spec {e}" for e in check_outline(spec_text))
    return errors


def check_sections(sections: list[str]) -> list[str]:
    if not sections or sections[0] != "Introduction":
        return ["the first section (##) must be 'Introduction'"]
    known = [s for s in sections if s in SECTION_ORDER]
    positions = [SECTION_ORDER.index(s) for s in known]
    if positions != sorted(positions):
        return [f"sections out of order: {known}; the order is {list(SECTION_ORDER)}"]
    return []


def is_mirrored_module(relative: Path) -> bool:
    if relative.parts[0] in UNMIRRORED_PACKAGES:
        return False
    return relative.name not in UNMIRRORED_MODULES


def mirror_pairs(specs_dir: Path, package_dir: Path) -> tuple[list[tuple[Path, Path]], list[str]]:
    """Pair specs with modules by path; report every file without a partner."""
    errors: list[str] = []
    specs = {
        p.relative_to(specs_dir).with_suffix("")
        for p in specs_dir.rglob("*.md")
        if str(p.relative_to(specs_dir)) not in UNMIRRORED_SPECS
    }
    modules = {
        p.relative_to(package_dir).with_suffix("")
        for p in package_dir.rglob("*.py")
        if is_mirrored_module(p.relative_to(package_dir))
    }
    for stem in sorted(specs - modules):
        errors.append(f"specs/{stem}.md has no module l2ref/{stem}.py")
    for stem in sorted(modules - specs):
        errors.append(f"l2ref/{stem}.py has no spec specs/{stem}.md")
    pairs = [
        (specs_dir / f"{stem}.md", package_dir / f"{stem}.py") for stem in sorted(specs & modules)
    ]
    return pairs, errors


def check_tree(
    specs_dir: Path, package_dir: Path, load_values: Callable[[Path], Mapping[str, object]]
) -> list[str]:
    pairs, errors = mirror_pairs(specs_dir, package_dir)
    for spec_path, module_path in pairs:
        problems = check_pair(
            spec_path.read_text(encoding="utf-8"),
            module_path.read_text(encoding="utf-8"),
            load_values(module_path),
        )
        name = spec_path.relative_to(specs_dir.parent)
        errors.extend(f"{name}: {problem}" for problem in problems)
    return errors


def import_values(module_path: Path) -> Mapping[str, object]:
    """The evaluated names of a module, imported by its path below the package directory.

    A module of a copy of the tree is imported from the installed package of the same name: the
    values are those of the package, which is what the constants tables are checked against.
    """
    parts = module_path.with_suffix("").parts
    start = max(index for index, part in enumerate(parts) if part == PACKAGE_DIR.name)
    return vars(importlib.import_module(".".join(parts[start:])))


# ----------------------------------------------------------------------------- navigation

TOC_START = "<!-- toc -->"
TOC_END = "<!-- /toc -->"
TOC_LEVELS = range(2, 5)
LINK = re.compile(r"\[(?P<text>[^\]]*)\]\((?P<target>[^)\s]*)\)")
INLINE_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
CODE_SPAN = re.compile(r"``(?:[^\n]|\n(?!\n))*?``|`(?:[^`\n]|\n(?!\n))*`")
URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str
    line: int


def _code_lines(lines: list[str]) -> list[bool]:
    """For each line, whether it belongs to a fenced code block (fences included)."""
    inside: list[bool] = []
    marker: str | None = None
    for line in lines:
        if marker is None:
            fence = FENCE.match(line)
            if fence:
                marker = fence.group(1)
            inside.append(marker is not None)
        else:
            inside.append(True)
            if line.startswith(marker):
                marker = None
    return inside


def heading_slug(text: str) -> str:
    """GitHub's anchor of a heading: the plain text, lowercase, without punctuation but `-` and `_`,
    spaces turned into `-` (`` `process_close` `` -> `process_close`)."""
    plain = INLINE_LINK.sub(r"\1", text)
    return re.sub(r"[^\w\- ]", "", plain.lower()).replace(" ", "-")


def parse_headings(text: str) -> list[Heading]:
    """Every heading outside code blocks, with its anchor; a repeated anchor gets `-1`, `-2`, ..."""
    lines = text.splitlines()
    headings: list[Heading] = []
    taken: dict[str, int] = {}
    for number, (line, in_code) in enumerate(zip(lines, _code_lines(lines), strict=True), 1):
        match = None if in_code else HEADING.match(line)
        if match is None:
            continue
        base = anchor = heading_slug(match.group(2))
        while anchor in taken:
            taken[base] += 1
            anchor = f"{base}-{taken[base]}"
        taken[anchor] = 0
        headings.append(Heading(len(match.group(1)), match.group(2), anchor, number))
    return headings


def render_toc(text: str) -> list[str]:
    """The table of contents of a Markdown file: a nested list of its `##` to `####` headings."""
    lines = [TOC_START, ""]
    depth = -1
    for heading in parse_headings(text):
        if heading.level not in TOC_LEVELS:
            continue
        depth = min(heading.level - TOC_LEVELS.start, depth + 1)
        label = INLINE_LINK.sub(r"\1", heading.text)
        lines.append(f"{'  ' * depth}- [{label}](#{heading.anchor})")
    return [*lines, "", TOC_END]


def _toc_span(lines: list[str]) -> tuple[int, int] | None:
    """The first and last line index of the table of contents, if it has one of each marker."""
    if lines.count(TOC_START) != 1 or lines.count(TOC_END) != 1:
        return None
    start, end = lines.index(TOC_START), lines.index(TOC_END)
    return (start, end) if start < end else None


def _join(lines: list[str], like: str) -> str:
    return "\n".join(lines) + ("\n" if like.endswith("\n") else "")


def with_toc(text: str) -> str:
    """The file with its table of contents regenerated, or inserted after the `# Title` line."""
    lines = text.splitlines()
    span = _toc_span(lines)
    if span is not None:
        lines[span[0] : span[1] + 1] = render_toc(text)
    elif TOC_START not in lines and TOC_END not in lines:
        after_title = 1 if lines and lines[0].startswith("# ") else 0
        body = after_title
        while body < len(lines) and not lines[body].strip():
            body += 1
        lines[after_title:body] = ["", *render_toc(text), ""]
    return _join(lines, text)


def check_toc(text: str) -> list[str]:
    """The table of contents is present, stands before the first `##` section and is current."""
    lines = text.splitlines()
    span = _toc_span(lines)
    if span is None:
        return [f"no table of contents between one {TOC_START} and one {TOC_END} line"]
    first_section = next((h.line for h in parse_headings(text) if h.level == 2), None)
    if first_section is not None and first_section <= span[0]:
        return ["the table of contents must come before the first ## section"]
    if lines[span[0] : span[1] + 1] != render_toc(text):
        return ["the table of contents is stale"]
    return []


def check_outline(text: str) -> list[str]:
    """Every definition heading stands one level below its group heading, before its subgroups."""
    errors: list[str] = []
    open_headings: list[Heading] = []
    has_subsection: set[int] = set()  # lines of headings that contain a non-definition heading
    for heading in parse_headings(text):
        while open_headings and open_headings[-1].level >= heading.level:
            open_headings.pop()
        parent = open_headings[-1] if open_headings else None
        name = _definition_name((heading.level, heading.text, heading.line))
        if name is None:
            if parent is not None:
                has_subsection.add(parent.line)
        elif parent is None or parent.level != heading.level - 1 or _is_definition(parent):
            where = f"the heading '{parent.text}'" if parent else "no heading"
            errors.append(
                f"line {heading.line}: `{name}` is a level-{heading.level} heading under {where}; "
                "a definition stands one level below the heading of its group"
            )
        elif parent.line in has_subsection:
            errors.append(
                f"line {heading.line}: `{name}` follows a subsection of '{parent.text}' at its "
                "level; the definitions of a group come before its subsections"
            )
        open_headings.append(heading)
    return errors


def _is_definition(heading: Heading) -> bool:
    return _definition_name((heading.level, heading.text, heading.line)) is not None


def with_synced_blocks(spec_text: str, module_source: str) -> str:
    """The spec with each definition's python block replaced by the module's text of it."""
    definitions = {d.name: d.text for d in parse_module(module_source).definitions}
    lines = spec_text.splitlines()
    synced: list[str] = []
    name: str | None = None
    index = 0
    while index < len(lines):
        line = lines[index]
        fence = FENCE.match(line)
        if fence is None:
            match = HEADING.match(line)
            if match:
                name = _definition_name((len(match.group(1)), match.group(2), index + 1))
            synced.append(line)
            index += 1
            continue
        end = index + 1
        while end < len(lines) and not lines[end].startswith(fence.group(1)):
            end += 1
        body = lines[index + 1 : end]
        if fence.group(2) == "python" and name in definitions and end < len(lines):
            body = definitions[name].splitlines()
            name = None  # only the first block under the heading is the definition
        synced.extend([line, *body, *lines[end : end + 1]])
        index = end + 1
    return _join(synced, spec_text)


def find_links(text: str) -> list[tuple[int, str]]:
    """The targets of the inline links of a Markdown file's prose, with their line numbers."""
    lines = text.splitlines()
    prose = "\n".join(
        "" if in_code else line for line, in_code in zip(lines, _code_lines(lines), strict=True)
    )
    prose = CODE_SPAN.sub(lambda m: re.sub(r"[^\n]", "x", m.group(0)), prose)
    return [
        (prose.count("\n", 0, match.start()) + 1, match.group("target"))
        for match in LINK.finditer(prose)
    ]


def check_links(path: Path, root: Path) -> list[str]:
    """Every relative link of a Markdown file names an existing file and, in Markdown, heading."""
    errors: list[str] = []
    anchors: dict[Path, set[str]] = {}
    for line, target in find_links(path.read_text(encoding="utf-8")):
        if URL_SCHEME.match(target):
            continue
        file_part, _, anchor = target.partition("#")
        linked = (path.parent / file_part).resolve() if file_part else path
        where = f"line {line}: link ({target})"
        if not linked.exists():
            errors.append(f"{where}: no file {os.path.relpath(linked, root.resolve())}")
            continue
        if not anchor or linked.suffix != ".md":
            continue
        if linked not in anchors:
            text = linked.read_text(encoding="utf-8")
            anchors[linked] = {heading.anchor for heading in parse_headings(text)}
        if anchor not in anchors[linked]:
            errors.append(f"{where}: no heading with the anchor #{anchor} in {linked.name}")
    return errors


def navigation_files(root: Path) -> list[Path]:
    """The files whose links are checked: every spec, and the README of the repository."""
    readme = root / "README.md"
    return [*([readme] if readme.exists() else []), *sorted((root / "specs").rglob("*.md"))]


def check_navigation(root: Path) -> list[str]:
    """Stale or missing tables of contents in specs/, and broken links in specs/ and README.md."""
    errors: list[str] = []
    for path in navigation_files(root):
        name = path.relative_to(root).as_posix()
        problems = check_links(path, root)
        if path.is_relative_to(root / "specs"):
            problems = check_toc(path.read_text(encoding="utf-8")) + problems
        errors.extend(f"{name}: {problem}" for problem in problems)
    return errors


def check_specs(
    root: Path, load_values: Callable[[Path], Mapping[str, object]] = import_values
) -> list[str]:
    """Everything the mirror check reports for the tree at `root`: drift, TOCs and links."""
    return check_tree(root / "specs", root / PACKAGE_DIR.name, load_values) + check_navigation(root)


def write_specs(root: Path) -> list[Path]:
    """Rewrite every mirrored block from its module and every table of contents; nothing else.

    Returns the files that changed. Broken links and every other drift are left to the check.
    """
    pairs, _ = mirror_pairs(root / "specs", root / PACKAGE_DIR.name)
    modules = dict(pairs)
    changed: list[Path] = []
    for path in sorted((root / "specs").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        new = text
        if path in modules:
            new = with_synced_blocks(new, modules[path].read_text(encoding="utf-8"))
        new = with_toc(new)
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed.append(path)
    return changed


def spec_skeleton(module_path: Path) -> str:
    """A starting point for a module's spec: every block under its heading, in order."""
    module = parse_module(module_path.read_text(encoding="utf-8"))
    parts = ["## Introduction\n"]
    for definition in module.definitions:
        parts.append(f"### `{definition.name}`\n\n```python\n{definition.text}\n```\n")
    constants = [d for d in module.definitions if CONSTANT_NAME.match(d.name) and d.value_source]
    if constants:
        parts.append("| Name | Value | Meaning |\n| --- | --- | --- |")
        parts.extend(f"| `{d.name}` | `{d.value_source}` | |" for d in constants)
    return "\n".join(parts) + "\n"


# ----------------------------------------------------------------------------- the real tree


def test_specs_and_modules_mirror_each_other() -> None:
    errors = check_tree(SPECS_DIR, PACKAGE_DIR, import_values)
    assert not errors, "\n\n".join(errors) + "\n\n" + WRITE_HINT


def test_specs_have_current_tables_of_contents_and_no_broken_links() -> None:
    errors = check_navigation(ROOT)
    assert not errors, "\n".join(errors) + "\n\n" + WRITE_HINT


def test_the_mirror_covers_the_package() -> None:
    pairs, _ = mirror_pairs(SPECS_DIR, PACKAGE_DIR)
    stems = {module.relative_to(PACKAGE_DIR).as_posix() for _, module in pairs}
    assert {"errors.py", "types.py", "crypto/hash.py"} <= stems


# ----------------------------------------------------------------------------- drift detection

MODULE = textwrap.dedent(
    '''\
    """A module."""

    from typing import NewType

    Amount = NewType("Amount", int)

    PERIOD_SECONDS = 7 * 24 * 3600

    LIMIT = 10


    def double(x: int) -> int:
        return 2 * x


    def triple(x: int) -> int:
        # Three times.
        return 3 * x
    '''
)

SPEC = textwrap.dedent(
    """\
    # Example

    ## Introduction

    Words.

    ## Types

    ### `Amount`

    ```python
    Amount = NewType("Amount", int)
    ```

    ## Constants

    | Name | Value | Meaning |
    | --- | --- | --- |
    | `PERIOD_SECONDS` | `7 * 24 * 3600` (= 604,800) | a week |
    | `LIMIT` | `10` (= 10) | a limit |

    ### `PERIOD_SECONDS`

    ```python
    PERIOD_SECONDS = 7 * 24 * 3600
    ```

    ### `LIMIT`

    ```python
    LIMIT = 10
    ```

    ## Helpers

    ### `double`

    Doubles.

    ```python
    def double(x: int) -> int:
        return 2 * x
    ```

    ### `triple`

    ```python
    def triple(x: int) -> int:
        # Three times.
        return 3 * x
    ```

    ## Rationale

    Because.
    """
)


def _values(source: str) -> dict[str, object]:
    namespace: dict[str, object] = {}
    exec(compile(source, "<module>", "exec"), namespace)
    return namespace


def _check(spec: str = SPEC, module: str = MODULE) -> list[str]:
    return check_pair(spec, module, _values(module))


def test_matching_pair_has_no_drift() -> None:
    assert _check() == []


def test_changed_line_is_reported_with_a_diff() -> None:
    errors = _check(spec=SPEC.replace("return 2 * x", "return x + x"))
    assert len(errors) == 1
    assert "`double` differs" in errors[0]
    assert "-    return 2 * x" in errors[0]
    assert "+    return x + x" in errors[0]


def test_changed_comment_is_drift() -> None:
    errors = _check(module=MODULE.replace("# Three times.", "# Thrice."))
    assert any("`triple` differs" in e for e in errors)


def test_block_missing_from_spec() -> None:
    spec = SPEC.replace(
        "### `triple`\n\n```python\ndef triple(x: int) -> int:\n    # Three times.\n"
        "    return 3 * x\n```\n",
        "",
    )
    assert spec != SPEC
    assert _check(spec=spec) == ["`triple` is defined in the module but has no block in the spec"]


def test_block_missing_from_module() -> None:
    module = MODULE.replace(
        "\n\ndef triple(x: int) -> int:\n    # Three times.\n    return 3 * x\n", "\n"
    )
    assert module != MODULE
    assert _check(module=module) == [
        "`triple` has a block in the spec but is not defined in the module"
    ]


def test_block_in_wrong_order() -> None:
    double_block = (
        "### `double`\n\nDoubles.\n\n```python\ndef double(x: int) -> int:\n"
        "    return 2 * x\n```\n\n"
    )
    assert double_block in SPEC
    spec = SPEC.replace(double_block, "").replace("## Rationale", double_block + "## Rationale")
    errors = _check(spec=spec)
    assert errors == ["order differs: the module has `double` where the spec has `triple`"]


def test_wrong_value_in_table() -> None:
    errors = _check(spec=SPEC.replace("(= 604,800)", "(= 604,801)"))
    assert errors == ["table line 19: `PERIOD_SECONDS` says (= 604,801) but its value is 604800"]


def test_wrong_expression_in_table() -> None:
    errors = _check(spec=SPEC.replace("| `10` (= 10) |", "| `11` |"))
    assert errors == ["table line 20: `LIMIT` is `11` in the table but `10` in the module"]


def test_constant_missing_from_table() -> None:
    errors = _check(spec=SPEC.replace("| `LIMIT` | `10` (= 10) | a limit |\n", ""))
    assert errors == ["constant `LIMIT` has no row in a constants table"]


def test_block_not_under_its_own_heading() -> None:
    spec = SPEC.replace("### `triple`\n\n", "")
    errors = _check(spec=spec)
    assert any("second python block under ### `double`" in e for e in errors)
    spec = SPEC.replace("### `triple`", "### The triple")
    errors = _check(spec=spec)
    assert any("python block is not under a heading ### `name`" in e for e in errors)


def test_heading_naming_another_definition() -> None:
    errors = _check(spec=SPEC.replace("### `triple`", "### `quadruple`"))
    assert any("must define exactly `quadruple`" in e for e in errors)


def test_heading_without_block() -> None:
    errors = _check(spec=SPEC.replace("## Rationale", "### `ghost`\n\nNothing.\n\n## Rationale"))
    assert any("heading ### `ghost` has no python block" in e for e in errors)


def test_logic_and_comments_outside_definitions() -> None:
    errors = _check(module=MODULE + "\nprint('side effect')\n")
    assert any("top-level statement outside a definition" in e for e in errors)
    errors = _check(module=MODULE + "\n# hidden prose\n")
    assert any("text outside a definition: '# hidden prose'" in e for e in errors)


def test_sections_out_of_order() -> None:
    spec = SPEC.replace("## Types", "## A section of its own")
    assert check_sections(parse_spec(spec).sections) == []  # other headings are free
    spec = SPEC.replace("## Types", "## Rationale first").replace("## Rationale\n", "## Types\n")
    assert check_sections(parse_spec(spec).sections) != []
    spec = SPEC.replace("## Helpers", "## Errors")
    assert check_sections(parse_spec(spec).sections) != []
    assert check_sections(["Types", "Introduction"]) != []


def test_orphans_in_both_directions(tmp_path: Path) -> None:
    specs_dir, package_dir = tmp_path / "specs", tmp_path / "l2ref"
    (specs_dir / "crypto").mkdir(parents=True)
    (package_dir / "crypto").mkdir(parents=True)
    (specs_dir / "README.md").write_text("# index\n")
    (specs_dir / "crypto" / "a.md").write_text(SPEC)
    (package_dir / "crypto" / "a.py").write_text(MODULE)
    (specs_dir / "lonely.md").write_text(SPEC)
    (package_dir / "crypto" / "orphan.py").write_text(MODULE)
    (package_dir / "cli.py").write_text("x = 1\n")
    pairs, errors = mirror_pairs(specs_dir, package_dir)
    assert [m.name for _, m in pairs] == ["a.py"]
    assert errors == [
        "specs/lonely.md has no module l2ref/lonely.py",
        "l2ref/crypto/orphan.py has no spec specs/crypto/orphan.md",
    ]
    tree_errors = check_tree(specs_dir, package_dir, lambda path: _values(path.read_text()))
    assert tree_errors == errors


@pytest.mark.parametrize("name", ["triple", "Amount", "LIMIT"])
def test_every_kind_of_definition_is_compared(name: str) -> None:
    module = MODULE.replace(f"{name}", f"{name}_renamed", 1)
    errors = _check(module=module)
    assert any(f"`{name}` has a block in the spec but is not defined" in e for e in errors)


def main(arguments: list[str]) -> int:
    if arguments == ["--write"]:
        for path in write_specs(ROOT):
            print(f"rewrote {path.relative_to(ROOT)}")
        return 0
    if not arguments or any(argument.startswith("-") for argument in arguments):
        print(__doc__.splitlines()[0], "\n\nusage: test_spec_sync.py --write | l2ref/<path>.py ...")
        return 2
    for argument in arguments:
        print(spec_skeleton(Path(argument)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
