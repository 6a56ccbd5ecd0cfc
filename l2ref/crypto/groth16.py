"""Groth16 verification on BN254: keys, proofs, prepared keys, batches, snarkjs JSON and the
calldata of Solidity verifiers. See specs/crypto/groth16.md."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from l2ref.crypto.bn254_curves import (
    G1_INFINITY,
    G2_INFINITY,
    G1Affine,
    G1FixedBaseTable,
    G1Point,
    G2Point,
    g1_add,
    g1_add_mixed,
    g1_batch_to_affine,
    g1_double,
    g1_fixed_base_mul,
    g1_fixed_base_table,
    g1_from_affine,
    g1_mul,
    g1_neg,
    g1_to_affine,
    g2_eq,
    g2_from_affine,
    g2_neg,
    g2_psi,
    g2_to_affine,
    is_in_g2,
    is_on_g1,
    is_on_twist,
    wnaf,
)
from l2ref.crypto.bn254_fields import (
    BN_U,
    CURVE_ORDER,
    FIELD_MODULUS,
    FP2_ONE,
    FP2_ZERO,
    FP12_ONE,
    Fp2,
    Fp12,
    fp2_add,
    fp2_mul,
    fp2_mul_fp,
    fp2_neg,
    fp2_sqr,
    fp2_sub,
    fp12_cyclotomic_pow,
    fp12_mul,
    fp12_sqr,
    fp_inv,
)
from l2ref.crypto.bn254_pairing import (
    ATE_LOOP_NAF,
    G2Prepared,
    Line,
    final_exponentiation,
    fp12_mul_by_line,
    miller_loop,
    pairing,
    pairing_check,
    prepare_g2,
)
from l2ref.crypto.bn254_precompiles import encode_g1_point, encode_g2_point
from l2ref.crypto.hash import keccak256
from l2ref.encoding.abi import encode_function_call
from l2ref.errors import (
    CoordinateOutOfRange,
    DegenerateVerifyingKey,
    InvalidJson,
    InvalidSnarkjsFormat,
    ProofPointNotInSubgroup,
    ProofPointNotOnCurve,
    PublicInputCountMismatch,
    PublicInputOutOfRange,
    UnsupportedProtocol,
    ValueOutOfRange,
    VerifyingKeyPointNotInSubgroup,
    VerifyingKeyPointNotOnCurve,
    ZkError,
)
from l2ref.types import Hash32

BATCH_HALF_COEFFICIENT_BYTES = 8

BATCH_DOMAIN_TAG = b"l2ref/groth16/batch/v1"

SNARKJS_PROTOCOL = "groth16"

SNARKJS_CURVE = "bn128"

SNARKJS_CURVE_ALIASES = ("BN128", "BN254", "ALTBN128")

SNARKJS_GT_EXPONENT = 2 * BN_U * (6 * BN_U**2 + 3 * BN_U + 1)

SNARKJS_KEY_FIELDS = (
    "protocol",
    "curve",
    "nPublic",
    "vk_alpha_1",
    "vk_beta_2",
    "vk_gamma_2",
    "vk_delta_2",
    "IC",
)

SNARKJS_KEY_OPTIONAL_FIELDS = ("vk_alphabeta_12",)

SNARKJS_PROOF_FIELDS = ("pi_a", "pi_b", "pi_c")

SNARKJS_PROOF_OPTIONAL_FIELDS = ("protocol", "curve")

DECIMAL_PATTERN = "[0-9]{1,78}"

UINT256_LIMIT = 2**256

SOLIDITY_VERIFIER_FUNCTION = "verifyProof"

JSON_MAX_DEPTH = 16

G1_ENDOMORPHISM_BETA = 2203960485148121921418603742825762020974279258880205651966

G1_ENDOMORPHISM_LAMBDA = 4407920970296243842393367215006156084916469457145843978461

STRAUS_WINDOW_BITS = 5

GT_WINDOW_BITS = 4


@dataclass(frozen=True)
class VerifyingKey:
    """A Groth16 verifying key: alpha in G1; beta, gamma, delta in G2; IC[0..n] in G1."""

    alpha: G1Point
    beta: G2Point
    gamma: G2Point
    delta: G2Point
    ic: tuple[G1Point, ...]


@dataclass(frozen=True)
class Proof:
    """A Groth16 proof: A and C in G1, B in G2."""

    a: G1Point
    b: G2Point
    c: G1Point


@dataclass(frozen=True)
class PublicInputs:
    """The public inputs of a Groth16 proof, each meant to be in [0, r - 1]."""

    values: tuple[int, ...]


@dataclass(frozen=True)
class GTFixedBaseTable:
    """Powers of one GT element: rows[i][d] is it to the power d * 2^(window_bits * i)."""

    window_bits: int
    rows: tuple[tuple[Fp12, ...], ...]


@dataclass(frozen=True)
class PreparedVerifyingKey:
    """A validated verifying key with e(alpha, beta), its table, G2 lines, IC tables, digest."""

    key: VerifyingKey
    alpha_beta: Fp12
    alpha_beta_table: GTFixedBaseTable
    gamma: G2Prepared
    delta: G2Prepared
    ic_tables: tuple[G1FixedBaseTable, ...]
    digest: Hash32


def validate_verifying_key(key: VerifyingKey) -> None:
    """Raise a ZkError subclass unless every point is valid, none is infinity, gamma != delta."""
    if not key.ic:
        raise DegenerateVerifyingKey("a verifying key has at least the point IC[0]")
    g1_points = [("alpha", key.alpha), *((f"IC[{i}]", point) for i, point in enumerate(key.ic))]
    for name, point in g1_points:
        if not is_on_g1(point):
            raise VerifyingKeyPointNotOnCurve(f"{name} is not on y^2 = x^3 + 3")
    for name, twist_point in (("beta", key.beta), ("gamma", key.gamma), ("delta", key.delta)):
        if not is_on_twist(twist_point):
            raise VerifyingKeyPointNotOnCurve(f"{name} is not on the twist")
        if not is_in_g2(twist_point):
            raise VerifyingKeyPointNotInSubgroup(f"{name} is on the twist but not of order r")
    if key.alpha[2] == 0:
        raise DegenerateVerifyingKey("alpha is the point at infinity")
    if FP2_ZERO in (key.beta[2], key.gamma[2], key.delta[2]):
        raise DegenerateVerifyingKey("beta, gamma or delta is the point at infinity")
    if g2_eq(key.gamma, key.delta):
        raise DegenerateVerifyingKey("gamma equals delta: proofs for any input can be forged")


def validate_proof(proof: Proof) -> None:
    """Raise ProofPointNotOnCurve or ProofPointNotInSubgroup unless A, B, C are valid points."""
    if not is_on_g1(proof.a):
        raise ProofPointNotOnCurve("A is not on y^2 = x^3 + 3")
    if not is_on_twist(proof.b):
        raise ProofPointNotOnCurve("B is not on the twist")
    if not is_in_g2(proof.b):
        raise ProofPointNotInSubgroup("B is on the twist but not of order r")
    if not is_on_g1(proof.c):
        raise ProofPointNotOnCurve("C is not on y^2 = x^3 + 3")


def validate_public_inputs(key: VerifyingKey, public_inputs: PublicInputs) -> None:
    """Raise PublicInputCountMismatch or PublicInputOutOfRange unless the inputs fit the key."""
    if len(public_inputs.values) != len(key.ic) - 1:
        raise PublicInputCountMismatch(
            f"the key takes {len(key.ic) - 1} public inputs, got {len(public_inputs.values)}"
        )
    for index, value in enumerate(public_inputs.values):
        if not 0 <= value < CURVE_ORDER:
            raise PublicInputOutOfRange(f"public input {index} is not below r")


def compute_input_commitment(key: VerifyingKey, public_inputs: PublicInputs) -> G1Point:
    """The point L = IC[0] + x_1 IC[1] + ... + x_n IC[n] of the public inputs."""
    # L = IC[0] + x_1 IC[1] + ... + x_n IC[n]
    result = key.ic[0]
    for point, value in zip(key.ic[1:], public_inputs.values, strict=True):
        result = g1_add(result, g1_mul(point, value))
    return result


def verify_groth16(key: VerifyingKey, proof: Proof, public_inputs: PublicInputs) -> bool:
    """Whether the proof verifies; False, never an error, for an invalid key, proof or inputs."""
    try:
        validate_verifying_key(key)
        validate_proof(proof)
        validate_public_inputs(key, public_inputs)
    except ZkError:
        return False
    commitment = compute_input_commitment(key, public_inputs)
    # e(A, B) = e(alpha, beta) e(L, gamma) e(C, delta), written as a product equal to 1.
    return pairing_check(
        [
            (g1_neg(proof.a), proof.b),
            (key.alpha, key.beta),
            (commitment, key.gamma),
            (proof.c, key.delta),
        ]
    )


def compute_key_digest(key: VerifyingKey) -> Hash32:
    """Keccak-256 of the 64- and 128-byte encodings of alpha, beta, gamma, delta, then IC."""
    parts = [encode_g1_point(key.alpha), encode_g2_point(key.beta)]
    parts += [encode_g2_point(key.gamma), encode_g2_point(key.delta)]
    parts += [encode_g1_point(point) for point in key.ic]
    return keccak256(b"".join(parts))


def gt_fixed_base_table(value: Fp12, window_bits: int = GT_WINDOW_BITS) -> GTFixedBaseTable:
    """The fixed-base table of a GT element for windows of `window_bits` bits."""
    # rows[i][d] = value^(d 2^(w i)) for every w-bit digit d, enough rows for exponents below r.
    rows: list[tuple[Fp12, ...]] = []
    base = value
    for _ in range(-(-CURVE_ORDER.bit_length() // window_bits)):
        row = [FP12_ONE]
        for _ in range((1 << window_bits) - 1):
            row.append(fp12_mul(row[-1], base))
        rows.append(tuple(row))
        base = fp12_mul(row[-1], base)
    return GTFixedBaseTable(window_bits, tuple(rows))


def gt_fixed_base_pow(table: GTFixedBaseTable, exponent: int) -> Fp12:
    """The table's element to the power `exponent` mod r, one product per non-zero window."""
    # Valid for elements of GT (order r): the exponent is reduced mod r first.
    exponent %= CURVE_ORDER
    mask = (1 << table.window_bits) - 1
    result = FP12_ONE
    for row in table.rows:
        if exponent & mask:
            result = fp12_mul(result, row[exponent & mask])
        exponent >>= table.window_bits
    return result


def prepare_verifying_key(key: VerifyingKey) -> PreparedVerifyingKey:
    """The key validated and prepared for fast verification; raises a ZkError subclass."""
    validate_verifying_key(key)
    alpha_beta = pairing(key.alpha, key.beta)
    return PreparedVerifyingKey(
        key=key,
        alpha_beta=alpha_beta,
        alpha_beta_table=gt_fixed_base_table(alpha_beta),
        gamma=prepare_g2(key.gamma),
        delta=prepare_g2(key.delta),
        ic_tables=tuple(g1_fixed_base_table(point) for point in key.ic),
        digest=compute_key_digest(key),
    )


def compute_input_commitment_prepared(
    prepared: PreparedVerifyingKey, public_inputs: PublicInputs
) -> G1Point:
    """The input commitment L of the public inputs, from the key's fixed-base tables."""
    # The same L from the fixed-base tables: IC[0] is multiplied by 1.
    result = G1_INFINITY
    for table, value in zip(prepared.ic_tables, (1, *public_inputs.values), strict=True):
        result = g1_add(result, g1_fixed_base_mul(table, value))
    return result


def verify_groth16_prepared(
    prepared: PreparedVerifyingKey, proof: Proof, public_inputs: PublicInputs
) -> bool:
    """Whether the proof verifies under the prepared key; False for an invalid proof or inputs."""
    try:
        validate_proof(proof)
        validate_public_inputs(prepared.key, public_inputs)
    except ZkError:
        return False
    commitment = compute_input_commitment_prepared(prepared, public_inputs)
    # e(A, B) e(-L, gamma) e(-C, delta) = e(alpha, beta): three pairs, one final exponentiation.
    f = miller_loop(
        [
            (proof.a, prepare_g2(proof.b)),
            (g1_neg(commitment), prepared.gamma),
            (g1_neg(proof.c), prepared.delta),
        ]
    )
    return final_exponentiation(f) == prepared.alpha_beta


def compute_batch_coefficients(
    prepared: PreparedVerifyingKey,
    batch: Sequence[tuple[Proof, PublicInputs]],
    seed: bytes = b"",
) -> tuple[tuple[int, int], ...]:
    """The Fiat-Shamir 64-bit halves (a_i, b_i) of each proof's coefficient; the first is (1, 0)."""
    # Fiat-Shamir: one digest binds the seed, the key, and every proof and input of the batch.
    parts = [BATCH_DOMAIN_TAG, keccak256(seed), prepared.digest, len(batch).to_bytes(32, "big")]
    for proof, public_inputs in batch:
        parts += [encode_g1_point(proof.a), encode_g2_point(proof.b), encode_g1_point(proof.c)]
        parts += [(value % CURVE_ORDER).to_bytes(32, "big") for value in public_inputs.values]
    digest = keccak256(b"".join(parts))
    # Coefficient i is rho_i = a_i + lambda b_i mod r, with 64-bit halves (a_i, b_i) of a hash;
    # the first is 1: dividing the whole equation by rho_0 changes nothing.
    size = BATCH_HALF_COEFFICIENT_BYTES
    coefficients = []
    for index in range(len(batch)):
        word = keccak256(digest + index.to_bytes(32, "big"))
        halves = (int.from_bytes(word[:size], "big"), int.from_bytes(word[size : 2 * size], "big"))
        coefficients.append((1, 0) if index == 0 else halves)
    return tuple(coefficients)


def g1_endomorphism(point: G1Point) -> G1Point:
    """The GLV endomorphism phi(x, y) = (beta x, y) of a Jacobian G1 point."""
    # phi(x, y) = (beta x, y); in Jacobian coordinates X / Z^2 scales like x.
    x, y, z = point
    return (G1_ENDOMORPHISM_BETA * x % FIELD_MODULUS, y, z)


def g1_multi_mul_glv(points: Sequence[G1Point], coefficients: Sequence[tuple[int, int]]) -> G1Point:
    """The sum of (a_j + lambda b_j) P_j, by Straus's method over P_j and phi(P_j)."""
    # sum_j [a_j + lambda b_j] P_j = sum_j [a_j] P_j + [b_j] phi(P_j), by Straus's interleaving:
    # one doubling per bit of the longest scalar, shared by all, and one mixed addition per
    # non-zero digit of each width-w NAF. The odd multiples of the P_j are made affine with one
    # shared inversion; those of phi(P_j) are their images under phi.
    half = 1 << (STRAUS_WINDOW_BITS - 2)
    multiples: list[G1Point] = []
    for point in points:
        twice = g1_double(point)
        multiples.append(point)
        for _ in range(half - 1):
            multiples.append(g1_add(multiples[-1], twice))
    affine = g1_batch_to_affine(multiples)
    tables: list[list[G1Affine]] = []
    for index in range(len(points)):
        table = affine[index * half : (index + 1) * half]
        tables.append(table)
        tables.append(
            [
                None if q is None else (G1_ENDOMORPHISM_BETA * q[0] % FIELD_MODULUS, q[1])
                for q in table
            ]
        )
    digits = [wnaf(scalar, STRAUS_WINDOW_BITS) for pair in coefficients for scalar in pair]
    result = G1_INFINITY
    for position in range(max((len(d) for d in digits), default=0) - 1, -1, -1):
        result = g1_double(result)
        for table, scalar_digits in zip(tables, digits, strict=True):
            digit = scalar_digits[position] if position < len(scalar_digits) else 0
            if digit != 0:
                multiple = table[abs(digit) // 2]
                if multiple is not None and digit < 0:
                    multiple = (multiple[0], -multiple[1] % FIELD_MODULUS)
                result = g1_add_mixed(result, multiple)
    return result


def _fp2_batch_inverse(values: Sequence[Fp2]) -> list[Fp2]:
    p = FIELD_MODULUS
    # 1 / (a + b i) = (a - b i) / (a^2 + b^2), and Montgomery's trick on the norms: n inverses
    # for one inversion in Fp. A zero value makes every result zero (callers exclude it).
    norms = [(a * a + b * b) % p for a, b in values]
    prefix = [1]
    for norm in norms:
        prefix.append(prefix[-1] * norm % p)
    inverse = fp_inv(prefix[-1])
    result = [FP2_ZERO] * len(values)
    for index in range(len(values) - 1, -1, -1):
        norm_inverse = inverse * prefix[index] % p
        inverse = inverse * norms[index] % p
        a, b = values[index]
        result[index] = (a * norm_inverse % p, -b * norm_inverse % p)
    return result


def _affine_line_step(
    points: Sequence[tuple[Fp2, Fp2]], targets: Sequence[tuple[Fp2, Fp2]] | None
) -> tuple[list[tuple[Fp2, Fp2]], list[Line]]:
    # T <- 2T (targets None) or T <- T + Q for every point, with one shared inversion. The line
    # (1, lambda, lambda x_T - y_T), evaluated at (-xP, yP), is yP - lambda xP w + (c) w^3.
    if targets is None:
        denominators = [fp2_add(y, y) for _, y in points]
    else:
        denominators = [fp2_sub(q[0], t[0]) for t, q in zip(points, targets, strict=True)]
    moved: list[tuple[Fp2, Fp2]] = []
    lines: list[Line] = []
    for index, inverse in enumerate(_fp2_batch_inverse(denominators)):
        x, y = points[index]
        if targets is None:
            slope = fp2_mul(fp2_mul_fp(fp2_sqr(x), 3), inverse)
            x3 = fp2_sub(fp2_sqr(slope), fp2_add(x, x))
        else:
            slope = fp2_mul(fp2_sub(targets[index][1], y), inverse)
            x3 = fp2_sub(fp2_sub(fp2_sqr(slope), x), targets[index][0])
        # c = lambda x_T - y_T, and y3 = lambda (x_T - x3) - y_T = c - lambda x3.
        c = fp2_sub(fp2_mul(slope, x), y)
        moved.append((x3, fp2_sub(c, fp2_mul(slope, x3))))
        lines.append((FP2_ONE, slope, c))
    return moved, lines


def miller_loop_batch(
    pairs: Sequence[tuple[G1Point, G2Point]],
    prepared_pairs: Sequence[tuple[G1Point, G2Prepared]],
) -> Fp12:
    """The Miller loop product of `pairs` (lines made on the fly) and `prepared_pairs`."""
    # The lines of `pairs` are made on the fly in affine coordinates, one shared inversion per
    # step for all of them; `prepared_pairs` contribute their stored lines at the same steps.
    evaluations: list[tuple[int, int]] = []
    starts: list[tuple[Fp2, Fp2]] = []
    for p, q in pairs:
        p_affine, q_affine = g1_to_affine(p), g2_to_affine(q)
        if p_affine is not None and q_affine is not None:
            # Evaluated at (-x, y): the lines keep lambda, not -lambda.
            evaluations.append((-p_affine[0] % FIELD_MODULUS, p_affine[1]))
            starts.append(q_affine)
    fixed: list[tuple[int, int, tuple[Line, ...]]] = []
    for p, prepared in prepared_pairs:
        affine = g1_to_affine(p)
        if affine is not None and prepared.lines:
            fixed.append((affine[0], affine[1], prepared.lines))
    # The steps of prepare_g2, in its order: per NAF digit a doubling (None) and, for a
    # non-zero digit, an addition of Q or -Q; then the corrections Q1 = psi(Q), Q2 = -psi^2(Q).
    negated = [(x, fp2_neg(y)) for x, y in starts]
    first = [g2_psi((x, y, FP2_ONE)) for x, y in starts]
    second = [g2_neg(g2_psi(q)) for q in first]
    steps: list[Sequence[tuple[Fp2, Fp2]] | None] = []
    for digit in ATE_LOOP_NAF[1:]:
        steps.append(None)
        if digit != 0:
            steps.append(starts if digit == 1 else negated)
    steps += [[(q[0], q[1]) for q in first], [(q[0], q[1]) for q in second]]
    f = FP12_ONE
    points = starts
    for index, targets in enumerate(steps):
        if targets is None:
            f = fp12_sqr(f)
        points, lines = _affine_line_step(points, targets)
        for (x, y), line in zip(evaluations, lines, strict=True):
            f = fp12_mul_by_line(f, line, x, y)
        for x, y, fixed_lines in fixed:
            f = fp12_mul_by_line(f, fixed_lines[index], x, y)
    return f


def verify_groth16_batch(
    prepared: PreparedVerifyingKey,
    proofs_and_inputs: Sequence[tuple[Proof, PublicInputs]],
    seed: bytes = b"",
) -> bool:
    """Whether every proof of the batch verifies, by one random linear combination."""
    batch = tuple(proofs_and_inputs)
    try:
        for proof, public_inputs in batch:
            validate_proof(proof)
            validate_public_inputs(prepared.key, public_inputs)
    except ZkError:
        return False
    if not batch:
        return True
    coefficients = compute_batch_coefficients(prepared, batch, seed)
    rhos = [(a + G1_ENDOMORPHISM_LAMBDA * b) % CURVE_ORDER for a, b in coefficients]
    # sum_i rho_i L_i = sum_j (sum_i rho_i x_ij) IC[j]: one fixed-base product per IC point.
    scalars = [0] * len(prepared.key.ic)
    for rho, (_, public_inputs) in zip(rhos, batch, strict=True):
        for index, value in enumerate((1, *public_inputs.values)):
            scalars[index] = (scalars[index] + rho * value) % CURVE_ORDER
    commitment = G1_INFINITY
    for table, scalar in zip(prepared.ic_tables, scalars, strict=True):
        commitment = g1_add(commitment, g1_fixed_base_mul(table, scalar))
    c_sum = g1_multi_mul_glv([proof.c for proof, _ in batch], coefficients)
    # prod_i e(rho_i A_i, B_i) e(-sum rho_i L_i, gamma) e(-sum rho_i C_i, delta)
    #   = e(alpha, beta)^(sum rho_i): n + 2 pairs, one final exponentiation.
    pairs = [
        (g1_multi_mul_glv([proof.a], [pair]), proof.b)
        for pair, (proof, _) in zip(coefficients, batch, strict=True)
    ]
    fixed = [(g1_neg(commitment), prepared.gamma), (g1_neg(c_sum), prepared.delta)]
    expected = gt_fixed_base_pow(prepared.alpha_beta_table, sum(rhos))
    return final_exponentiation(miller_loop_batch(pairs, fixed)) == expected


def _check_json_depth(text: str) -> None:
    # Nesting deeper than any snarkjs file is refused before parsing: a recursive parser can
    # exhaust the C stack on "[[[[..." when the interpreter's recursion limit is raised.
    depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > JSON_MAX_DEPTH:
                raise InvalidJson(f"JSON nested deeper than {JSON_MAX_DEPTH} levels")
        elif char in "]}":
            depth -= 1


def _load_json(text: str) -> object:
    _check_json_depth(text)
    try:
        return json.loads(text, object_pairs_hook=_json_object, parse_constant=_json_constant)
    except (ValueError, RecursionError) as exc:
        raise InvalidJson(f"not a JSON document: {exc}") from exc


def _json_object(pairs: list[tuple[str, object]]) -> dict[str, object]:
    keys = [key for key, _ in pairs]
    if len(set(keys)) != len(keys):
        raise InvalidJson("a JSON object repeats a key")
    return dict(pairs)


def _json_constant(name: str) -> object:
    raise InvalidJson(f"{name} is not a JSON value")


def _json_fields(
    value: object, required: Sequence[str], optional: Sequence[str], what: str
) -> dict[str, object]:
    if not isinstance(value, dict):
        raise InvalidSnarkjsFormat(f"{what}: expected a JSON object")
    missing = [name for name in required if name not in value]
    if missing:
        raise InvalidSnarkjsFormat(f"{what}: missing field(s) {', '.join(missing)}")
    unknown = sorted(name for name in value if name not in required and name not in optional)
    if unknown:
        raise InvalidSnarkjsFormat(f"{what}: unknown field(s) {', '.join(unknown)}")
    return value


def _json_list(value: object, length: int | None, what: str) -> list[object]:
    if not isinstance(value, list) or (length is not None and len(value) != length):
        expected = "a list" if length is None else f"a list of {length}"
        raise InvalidSnarkjsFormat(f"{what}: expected {expected}")
    return value


def _check_protocol(data: dict[str, object], what: str) -> None:
    protocol, curve = data.get("protocol", SNARKJS_PROTOCOL), data.get("curve", SNARKJS_CURVE)
    if not isinstance(protocol, str) or not isinstance(curve, str):
        raise InvalidSnarkjsFormat(f"{what}: protocol and curve are strings")
    if protocol != SNARKJS_PROTOCOL:
        raise UnsupportedProtocol(f"{what}: protocol {protocol[:40]!r} is not groth16")
    # snarkjs reads the curve name upper-cased, keeping letters and digits only.
    if "".join(re.findall("[A-Za-z0-9]+", curve.upper())) not in SNARKJS_CURVE_ALIASES:
        raise UnsupportedProtocol(f"{what}: curve {curve[:40]!r} is not BN254")


def _parse_decimal(value: object, what: str) -> int:
    # A canonical decimal string: ASCII digits only, no sign, no leading zero, below 2^256.
    if (
        not isinstance(value, str)
        or re.fullmatch(DECIMAL_PATTERN, value) is None
        or (value[0] == "0" and value != "0")
    ):
        raise InvalidSnarkjsFormat(f"{what}: expected a canonical decimal string")
    number = int(value)
    if number >= UINT256_LIMIT:
        raise InvalidSnarkjsFormat(f"{what}: {value} does not fit in 256 bits")
    return number


def _parse_fp(value: object, what: str) -> int:
    number = _parse_decimal(value, what)
    if number >= FIELD_MODULUS:
        raise CoordinateOutOfRange(f"{what}: coordinate {number} is not below p")
    return number


def _parse_fp2(value: object, what: str) -> Fp2:
    real, imaginary = _json_list(value, 2, what)
    return (_parse_fp(real, what), _parse_fp(imaginary, what))


def _parse_g1_json(value: object, what: str) -> G1Point:
    x, y, z = (_parse_fp(item, what) for item in _json_list(value, 3, what))
    if (x, y, z) == (0, 1, 0):
        return G1_INFINITY
    if z != 1:
        raise InvalidSnarkjsFormat(f"{what}: expected [x, y, 1] or infinity [0, 1, 0]")
    return g1_from_affine(x, y)


def _parse_g2_json(value: object, what: str) -> G2Point:
    x, y, z = (_parse_fp2(item, what) for item in _json_list(value, 3, what))
    if (x, y, z) == ((0, 0), (1, 0), (0, 0)):
        return G2_INFINITY
    if z != (1, 0):
        raise InvalidSnarkjsFormat(f"{what}: expected [x, y, [1, 0]] or the point at infinity")
    return g2_from_affine(x, y)


def decode_snarkjs_verification_key(text: str) -> VerifyingKey:
    """The key of snarkjs verification key JSON; raises DecodingError subclasses."""
    data = _load_json(text)
    if not isinstance(data, dict):
        raise InvalidSnarkjsFormat("verification key: expected a JSON object")
    _check_protocol(data, "verification key")
    fields = _json_fields(data, SNARKJS_KEY_FIELDS, SNARKJS_KEY_OPTIONAL_FIELDS, "verification key")
    count = fields["nPublic"]
    if not isinstance(count, int) or isinstance(count, bool) or count < 0:
        raise InvalidSnarkjsFormat("nPublic: expected a non-negative JSON integer")
    ic = _json_list(fields["IC"], None, "IC")
    if len(ic) != count + 1:
        raise InvalidSnarkjsFormat(f"IC: expected nPublic + 1 = {count + 1} points")
    return VerifyingKey(
        alpha=_parse_g1_json(fields["vk_alpha_1"], "vk_alpha_1"),
        beta=_parse_g2_json(fields["vk_beta_2"], "vk_beta_2"),
        gamma=_parse_g2_json(fields["vk_gamma_2"], "vk_gamma_2"),
        delta=_parse_g2_json(fields["vk_delta_2"], "vk_delta_2"),
        ic=tuple(_parse_g1_json(point, f"IC[{i}]") for i, point in enumerate(ic)),
    )


def decode_snarkjs_proof(text: str) -> Proof:
    """The proof of snarkjs proof JSON; raises DecodingError subclasses, points unchecked."""
    data = _load_json(text)
    if not isinstance(data, dict):
        raise InvalidSnarkjsFormat("proof: expected a JSON object")
    _check_protocol(data, "proof")
    fields = _json_fields(data, SNARKJS_PROOF_FIELDS, SNARKJS_PROOF_OPTIONAL_FIELDS, "proof")
    return Proof(
        a=_parse_g1_json(fields["pi_a"], "pi_a"),
        b=_parse_g2_json(fields["pi_b"], "pi_b"),
        c=_parse_g1_json(fields["pi_c"], "pi_c"),
    )


def decode_snarkjs_public(text: str) -> PublicInputs:
    """The inputs of a snarkjs public JSON list of decimal strings; raises DecodingError."""
    values = _json_list(_load_json(text), None, "public inputs")
    return PublicInputs(
        tuple(_parse_decimal(value, f"public input {i}") for i, value in enumerate(values))
    )


def _g1_json(point: G1Point) -> list[str]:
    affine = g1_to_affine(point)
    if affine is None:
        return ["0", "1", "0"]
    return [str(affine[0]), str(affine[1]), "1"]


def _g2_json(point: G2Point) -> list[list[str]]:
    affine = g2_to_affine(point)
    if affine is None:
        return [["0", "0"], ["1", "0"], ["0", "0"]]
    (x0, x1), (y0, y1) = affine
    return [[str(x0), str(x1)], [str(y0), str(y1)], ["1", "0"]]


def compute_snarkjs_alpha_beta(key: VerifyingKey) -> Fp12:
    """The vk_alphabeta_12 value snarkjs writes: e(alpha, beta) to its fixed extra power."""
    # snarkjs's final exponentiation computes the exact one raised to a fixed power m.
    return fp12_cyclotomic_pow(pairing(key.alpha, key.beta), SNARKJS_GT_EXPONENT)


def encode_snarkjs_verification_key(key: VerifyingKey) -> str:
    """The verification key as snarkjs writes it (JSON with one-space indentation)."""
    if not key.ic:
        raise DegenerateVerifyingKey("a verifying key has at least the point IC[0]")
    alpha_beta = compute_snarkjs_alpha_beta(key)
    document = {
        "protocol": SNARKJS_PROTOCOL,
        "curve": SNARKJS_CURVE,
        "nPublic": len(key.ic) - 1,
        "vk_alpha_1": _g1_json(key.alpha),
        "vk_beta_2": _g2_json(key.beta),
        "vk_gamma_2": _g2_json(key.gamma),
        "vk_delta_2": _g2_json(key.delta),
        "vk_alphabeta_12": [[[str(c[0]), str(c[1])] for c in half] for half in alpha_beta],
        "IC": [_g1_json(point) for point in key.ic],
    }
    # JSON.stringify(value, null, 1): one space of indentation, no final newline.
    return json.dumps(document, indent=1)


def encode_snarkjs_proof(proof: Proof) -> str:
    """The proof as snarkjs writes it (JSON with one-space indentation)."""
    document = {
        "pi_a": _g1_json(proof.a),
        "pi_b": _g2_json(proof.b),
        "pi_c": _g1_json(proof.c),
        "protocol": SNARKJS_PROTOCOL,
        "curve": SNARKJS_CURVE,
    }
    return json.dumps(document, indent=1)


def encode_snarkjs_public(public_inputs: PublicInputs) -> str:
    """The inputs as a snarkjs public.json; raises ValueOutOfRange if one is not a uint256."""
    if any(not 0 <= value < UINT256_LIMIT for value in public_inputs.values):
        raise ValueOutOfRange("a public input is not a uint256")
    return json.dumps([str(value) for value in public_inputs.values], indent=1)


def encode_solidity_calldata(proof: Proof, public_inputs: PublicInputs) -> bytes:
    """The ABI call data of verifyProof(a, b, c, input) of a Solidity Groth16 verifier."""
    a = encode_g1_point(proof.a)
    b = encode_g2_point(proof.b)
    c = encode_g1_point(proof.c)
    # The EIP-197 words of each point: a = [x, y]; b = [[x.c1, x.c0], [y.c1, y.c0]], imaginary
    # part first; c = [x, y].
    words = [
        int.from_bytes(data[i : i + 32], "big")
        for data in (a, b, c)
        for i in range(0, len(data), 32)
    ]
    count = len(public_inputs.values)
    return encode_function_call(
        SOLIDITY_VERIFIER_FUNCTION,
        ["uint256[2]", "uint256[2][2]", "uint256[2]", f"uint256[{count}]"],
        (
            tuple(words[0:2]),
            (tuple(words[2:4]), tuple(words[4:6])),
            tuple(words[6:8]),
            public_inputs.values,
        ),
    )
