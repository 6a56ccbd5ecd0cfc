"""The `l2ref` command line (also `python -m l2ref`)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from l2ref.vectorgen import all_suites
from l2ref.vectorgen.core import VerifyReport, generate, vector_files, verify_file

# The checkout's vectors/ when run from a source tree, else ./vectors.
_SOURCE_VECTORS = Path(__file__).resolve().parent.parent / "vectors"


def default_vectors_dir() -> Path:
    local = Path("vectors")
    if local.is_dir():
        return local
    return _SOURCE_VECTORS


def _vectors_generate(args: argparse.Namespace) -> int:
    root: Path = args.dir
    differences = generate(all_suites(), root, check=args.check)
    if args.check:
        for line in differences:
            print(line)
        if differences:
            print(f"{len(differences)} difference(s): run `l2ref vectors generate`")
            return 1
        print(f"vectors in {root} are up to date")
        return 0
    print(f"wrote {len(differences)} file(s) under {root}" if differences else "nothing to write")
    return 0


def _vectors_verify(args: argparse.Namespace) -> int:
    paths: list[Path] = args.paths or [default_vectors_dir()]
    missing = [path for path in paths if not path.exists()]
    if missing:
        print(f"no such file or directory: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    suites = {suite.suite: suite for suite in all_suites()}
    report = VerifyReport()
    for path in vector_files(paths):
        verify_file(path, suites, report)
    for line in report.failures:
        print(line)
    print(f"{report.passed} passed, {len(report.failures)} failed")
    return 1 if report.failures else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="l2ref", description="Executable reference specification of Layer-2 protocols."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    vectors = commands.add_parser("vectors", help="generate or verify conformance vectors")
    vector_commands = vectors.add_subparsers(dest="vectors_command", required=True)
    gen = vector_commands.add_parser("generate", help="write every suite under vectors/")
    gen.add_argument("--check", action="store_true", help="compare only; exit 1 on a difference")
    gen.add_argument("--dir", type=Path, default=None, help="vectors directory")
    gen.set_defaults(handler=_vectors_generate)
    ver = vector_commands.add_parser("verify", help="run vector files against the reference")
    ver.add_argument("paths", nargs="*", type=Path, help="files or directories (default vectors/)")
    ver.set_defaults(handler=_vectors_verify)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "dir", "absent") is None:
        args.dir = default_vectors_dir()
    code: int = args.handler(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
