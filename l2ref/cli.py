"""The `l2ref` command line (also `python -m l2ref`)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from l2ref.crypto.groth16 import (
    decode_snarkjs_proof,
    decode_snarkjs_public,
    decode_snarkjs_verification_key,
    validate_verifying_key,
    verify_groth16,
)
from l2ref.errors import DecodingError, ZkError
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


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DecodingError(f"not UTF-8 text ({exc.reason})") from exc


def _groth16_verify(args: argparse.Namespace) -> int:
    # Like `snarkjs groth16 verify`: OK (0) or INVALID (1); a file that is missing, unreadable
    # or malformed, or a verification key that is invalid, is an error (2), on one line.
    path: Path = args.vk
    try:
        key = decode_snarkjs_verification_key(_read_text(path))
        validate_verifying_key(key)
        path = args.proof
        proof = decode_snarkjs_proof(_read_text(path))
        path = args.public
        public_inputs = decode_snarkjs_public(_read_text(path))
    except OSError as exc:
        print(f"error: cannot read {path}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except (DecodingError, ZkError) as exc:
        message = " ".join(str(exc).split())
        print(f"error: {path}: {type(exc).__name__}: {message}", file=sys.stderr)
        return 2
    if verify_groth16(key, proof, public_inputs):
        print("OK")
        return 0
    print("INVALID")
    return 1


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

    groth16 = commands.add_parser("groth16", help="Groth16 proofs in snarkjs's JSON format")
    groth16_commands = groth16.add_subparsers(dest="groth16_command", required=True)
    check = groth16_commands.add_parser(
        "verify",
        help="verify a proof: prints OK (exit 0) or INVALID (exit 1); exit 2 on a bad file",
    )
    check.add_argument("--vk", type=Path, required=True, help="verification_key.json")
    check.add_argument("--proof", type=Path, required=True, help="proof.json")
    check.add_argument("--public", type=Path, required=True, help="public.json")
    check.set_defaults(handler=_groth16_verify)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "dir", "absent") is None:
        args.dir = default_vectors_dir()
    code: int = args.handler(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
