"""The secp256k1 curve: keys, addresses, ECDSA signing, verification, public-key recovery and
the ecrecover precompile. See specs/crypto/secp256k1.md."""

import hashlib
from dataclasses import dataclass
from typing import NewType, TypeAlias

from ecdsa import SECP256k1
from ecdsa.rfc6979 import generate_k

from l2ref.crypto.hash import keccak256
from l2ref.errors import (
    HighS,
    InvalidLength,
    InvalidPrivateKey,
    InvalidPublicKey,
    InvalidRecoveryByte,
    InvalidRecoveryId,
    InvalidSignature,
    NonCanonicalEncoding,
    PointNotOnCurve,
    RecoveryFailed,
    SignatureOutOfRange,
    ValueOutOfRange,
)
from l2ref.types import ADDRESS_LENGTH, HASH32_LENGTH, Address, Hash32

PrivateKey = NewType("PrivateKey", bytes)

PublicKey = NewType("PublicKey", bytes)

AffinePoint: TypeAlias = tuple[int, int]

JacobianPoint: TypeAlias = tuple[int, int, int]

FIELD_PRIME: int = SECP256k1.curve.p()

CURVE_ORDER: int = SECP256k1.order

CURVE_B: int = SECP256k1.curve.b()

GENERATOR: AffinePoint = (SECP256k1.generator.x(), SECP256k1.generator.y())

HALF_CURVE_ORDER = CURVE_ORDER // 2

PRIVATE_KEY_LENGTH = 32

PUBLIC_KEY_LENGTH = 64

SIGNATURE_LENGTH = 65

ETHEREUM_V_OFFSET = 27

ECRECOVER_INPUT_LENGTH = 128

JACOBIAN_INFINITY: JacobianPoint = (1, 1, 0)

ENDOMORPHISM_BETA = 0x7AE96A2B657C07106E64479EAC3434E99CF0497512F58995C1396C28719501EE

ENDOMORPHISM_LAMBDA = 0x5363AD4CC05C30E0A5261C028812645A122E22EA20816678DF02967C1B23BD72

GLV_A1 = 0x3086D221A7D46BCDE86C90E49284EB15

GLV_B1 = -0xE4437ED6010E88286F547FA90ABFE4C3

GLV_A2 = 0x114CA50F7A8E2F3F657C1108D9D44CFD8

GLV_B2 = 0x3086D221A7D46BCDE86C90E49284EB15

GENERATOR_TABLE_WINDOW_BITS = 8

GENERATOR_WNAF_WIDTH = 8

POINT_WNAF_WIDTH = 5


@dataclass(frozen=True)
class Signature:
    """An ECDSA signature (r, s) with v, the y parity 0 or 1 of the nonce point."""

    r: int
    s: int
    v: int


def _is_on_curve(point: AffinePoint) -> bool:
    x, y = point
    return (y * y - x * x * x - CURVE_B) % FIELD_PRIME == 0


def _point_add(a: AffinePoint | None, b: AffinePoint | None) -> AffinePoint | None:
    if a is None:
        return b
    if b is None:
        return a
    (x1, y1), (x2, y2) = a, b
    if x1 == x2 and (y1 + y2) % FIELD_PRIME == 0:
        return None
    if a == b:
        slope = 3 * x1 * x1 * pow(2 * y1, -1, FIELD_PRIME) % FIELD_PRIME
    else:
        slope = (y2 - y1) * pow(x2 - x1, -1, FIELD_PRIME) % FIELD_PRIME
    x3 = (slope * slope - x1 - x2) % FIELD_PRIME
    return x3, (slope * (x1 - x3) - y1) % FIELD_PRIME


def _point_multiply(scalar: int, point: AffinePoint | None) -> AffinePoint | None:
    result: AffinePoint | None = None
    for bit in reversed(range(scalar.bit_length())):
        result = _point_add(result, result)
        if (scalar >> bit) & 1:
            result = _point_add(result, point)
    return result


def _multiply_add_reference(u1: int, u2: int, point: AffinePoint) -> AffinePoint | None:
    return _point_add(_point_multiply(u1, GENERATOR), _point_multiply(u2, point))


def _jacobian_double(point: JacobianPoint) -> JacobianPoint:
    x, y, z = point
    if z == 0:
        return point
    yy = y * y % FIELD_PRIME
    s = 4 * x * yy % FIELD_PRIME
    m = 3 * x * x % FIELD_PRIME
    x3 = (m * m - 2 * s) % FIELD_PRIME
    return x3, (m * (s - x3) - 8 * yy * yy) % FIELD_PRIME, 2 * y * z % FIELD_PRIME


def _jacobian_add_affine(point: JacobianPoint, other: AffinePoint) -> JacobianPoint:
    x1, y1, z1 = point
    x2, y2 = other
    if z1 == 0:
        return x2, y2, 1
    zz = z1 * z1 % FIELD_PRIME
    h = (x2 * zz - x1) % FIELD_PRIME
    r = (y2 * zz * z1 - y1) % FIELD_PRIME
    if h == 0:
        # equal x: the same point (so double it) or opposite points (the sum is infinity)
        return _jacobian_double(point) if r == 0 else JACOBIAN_INFINITY
    hh = h * h % FIELD_PRIME
    hhh = h * hh % FIELD_PRIME
    v = x1 * hh % FIELD_PRIME
    x3 = (r * r - hhh - 2 * v) % FIELD_PRIME
    return x3, (r * (v - x3) - y1 * hhh) % FIELD_PRIME, z1 * h % FIELD_PRIME


def _jacobian_to_affine(point: JacobianPoint) -> AffinePoint:
    x, y, z = point
    z_inverse = pow(z, -1, FIELD_PRIME)
    zz = z_inverse * z_inverse % FIELD_PRIME
    return x * zz % FIELD_PRIME, y * zz * z_inverse % FIELD_PRIME


def _batch_to_affine(points: list[JacobianPoint]) -> list[AffinePoint]:
    # Montgomery's trick: invert the product of all Z once, then peel off one factor at a time
    prefix = [1]
    for _, _, z in points:
        prefix.append(prefix[-1] * z % FIELD_PRIME)
    inverse = pow(prefix[-1], -1, FIELD_PRIME)
    result: list[AffinePoint] = []
    for index in reversed(range(len(points))):
        x, y, z = points[index]
        z_inverse = inverse * prefix[index] % FIELD_PRIME
        inverse = inverse * z % FIELD_PRIME
        zz = z_inverse * z_inverse % FIELD_PRIME
        result.append((x * zz % FIELD_PRIME, y * zz * z_inverse % FIELD_PRIME))
    return result[::-1]


def _build_generator_table(window_bits: int) -> tuple[tuple[AffinePoint, ...], ...]:
    rows: list[tuple[AffinePoint, ...]] = []
    base = GENERATOR
    for _ in range((256 + window_bits - 1) // window_bits):
        multiples = [(base[0], base[1], 1)]
        for _ in range(2**window_bits - 1):
            multiples.append(_jacobian_add_affine(multiples[-1], base))
        affine = _batch_to_affine(multiples)
        rows.append(tuple(affine[:-1]))
        # the last multiple, 2**window_bits times this row's base, is the next row's base
        base = affine[-1]
    return tuple(rows)


def _multiply_generator(scalar: int) -> JacobianPoint:
    result = JACOBIAN_INFINITY
    mask = 2**GENERATOR_TABLE_WINDOW_BITS - 1
    for row in GENERATOR_TABLE:
        digit = scalar & mask
        if digit:
            result = _jacobian_add_affine(result, row[digit - 1])
        scalar >>= GENERATOR_TABLE_WINDOW_BITS
    return result


def _odd_multiples(point: AffinePoint, width: int) -> tuple[AffinePoint, ...]:
    double = _jacobian_to_affine(_jacobian_double((point[0], point[1], 1)))
    multiples = [(point[0], point[1], 1)]
    for _ in range(2 ** (width - 2) - 1):
        multiples.append(_jacobian_add_affine(multiples[-1], double))
    return tuple(_batch_to_affine(multiples))


def _apply_endomorphism(point: AffinePoint) -> AffinePoint:
    return ENDOMORPHISM_BETA * point[0] % FIELD_PRIME, point[1]


def _split_scalar(scalar: int) -> tuple[int, int]:
    # c1, c2: the rounded coordinates of scalar in the basis (a1, b1), (a2, b2)
    c1 = (2 * GLV_B2 * scalar + CURVE_ORDER) // (2 * CURVE_ORDER)
    c2 = (-2 * GLV_B1 * scalar + CURVE_ORDER) // (2 * CURVE_ORDER)
    return scalar - c1 * GLV_A1 - c2 * GLV_A2, -c1 * GLV_B1 - c2 * GLV_B2


def _wnaf(scalar: int, width: int) -> list[int]:
    digits: list[int] = []
    while scalar:
        digit = 0
        if scalar & 1:
            digit = scalar % 2**width
            if digit >= 2 ** (width - 1):
                digit -= 2**width
            scalar -= digit
        digits.append(digit)
        scalar >>= 1
    return digits


def _multiply_add(u1: int, u2: int, point: AffinePoint) -> JacobianPoint:
    # u = a + b * lambda splits each scalar in two halves; all four share one chain of doublings
    a1, b1 = _split_scalar(u1)
    a2, b2 = _split_scalar(u2)
    point_multiples = _odd_multiples(point, POINT_WNAF_WIDTH)
    terms = [
        (_wnaf(a1, GENERATOR_WNAF_WIDTH), GENERATOR_ODD_MULTIPLES),
        (_wnaf(b1, GENERATOR_WNAF_WIDTH), GENERATOR_ENDOMORPHISM_ODD_MULTIPLES),
        (_wnaf(a2, POINT_WNAF_WIDTH), point_multiples),
        (_wnaf(b2, POINT_WNAF_WIDTH), tuple(_apply_endomorphism(q) for q in point_multiples)),
    ]
    additions: list[list[AffinePoint]] = [[] for _ in range(max(len(d) for d, _ in terms))]
    for digits, multiples in terms:
        for position, digit in enumerate(digits):
            if digit:
                x, y = multiples[abs(digit) // 2]
                additions[position].append((x, y if digit > 0 else FIELD_PRIME - y))
    result = JACOBIAN_INFINITY
    for addends in reversed(additions):
        result = _jacobian_double(result)
        for addend in addends:
            result = _jacobian_add_affine(result, addend)
    return result


GENERATOR_TABLE = _build_generator_table(GENERATOR_TABLE_WINDOW_BITS)

GENERATOR_ODD_MULTIPLES = _odd_multiples(GENERATOR, GENERATOR_WNAF_WIDTH)

GENERATOR_ENDOMORPHISM_ODD_MULTIPLES = tuple(
    _apply_endomorphism(point) for point in GENERATOR_ODD_MULTIPLES
)


def _lift_x(x: int, parity: int) -> AffinePoint | None:
    if x >= FIELD_PRIME:
        return None
    alpha = (x * x * x + CURVE_B) % FIELD_PRIME
    # p = 3 mod 4, so alpha ** ((p + 1) / 4) is a square root of alpha if alpha has one
    y = pow(alpha, (FIELD_PRIME + 1) // 4, FIELD_PRIME)
    if y * y % FIELD_PRIME != alpha:
        return None
    return (x, y) if y & 1 == parity else (x, FIELD_PRIME - y)


def _private_key_scalar(private_key: PrivateKey) -> int:
    if len(private_key) != PRIVATE_KEY_LENGTH:
        raise InvalidLength(f"a private key is 32 bytes, got {len(private_key)}")
    secret = int.from_bytes(private_key, "big")
    if not 1 <= secret < CURVE_ORDER:
        raise InvalidPrivateKey("a private key must be in [1, n - 1]")
    return secret


def _public_key_point(public_key: bytes) -> AffinePoint:
    if len(public_key) != PUBLIC_KEY_LENGTH:
        raise InvalidLength(f"a public key is 64 bytes x || y, got {len(public_key)}")
    point = int.from_bytes(public_key[:32], "big"), int.from_bytes(public_key[32:], "big")
    if point[0] >= FIELD_PRIME or point[1] >= FIELD_PRIME:
        raise InvalidPublicKey("a public key coordinate is not below p")
    if not _is_on_curve(point):
        raise PointNotOnCurve("the public key is not a point of secp256k1")
    return point


def _encode_point(point: AffinePoint) -> PublicKey:
    return PublicKey(point[0].to_bytes(32, "big") + point[1].to_bytes(32, "big"))


def _digest_scalar(digest: Hash32) -> int:
    if len(digest) != HASH32_LENGTH:
        raise InvalidLength(f"a digest is 32 bytes, got {len(digest)}")
    return int.from_bytes(digest, "big")


def _check_signature_range(r: int, s: int) -> None:
    if not (1 <= r < CURVE_ORDER and 1 <= s < CURVE_ORDER):
        raise SignatureOutOfRange("r and s must be in [1, n - 1]")


def compute_public_key(private_key: PrivateKey) -> PublicKey:
    """The 64-byte x || y public key of `private_key`; raises InvalidLength or InvalidPrivateKey."""
    return _encode_point(_jacobian_to_affine(_multiply_generator(_private_key_scalar(private_key))))


def validate_public_key(public_key: PublicKey) -> None:
    """Raise InvalidLength, InvalidPublicKey or PointNotOnCurve unless a valid x || y point."""
    _public_key_point(public_key)


def compute_address(public_key: PublicKey) -> Address:
    """The Ethereum address: the last 20 bytes of Keccak-256 of the validated public key."""
    validate_public_key(public_key)
    return Address(keccak256(public_key)[32 - ADDRESS_LENGTH :])


def sign_digest(digest: Hash32, private_key: PrivateKey) -> Signature:
    """The RFC 6979 deterministic low-s signature of the 32-byte `digest`, with v in {0, 1}."""
    secret = _private_key_scalar(private_key)
    z = _digest_scalar(digest)
    attempt = 0
    while True:
        # RFC 6979 nonce; a retry takes the next nonce of the same deterministic sequence
        k: int = generate_k(CURVE_ORDER, secret, hashlib.sha256, digest, retry_gen=attempt)
        x, y = _jacobian_to_affine(_multiply_generator(k))
        r = x % CURVE_ORDER
        s = pow(k, -1, CURVE_ORDER) * (z + r * secret) % CURVE_ORDER
        # x >= n would need recovery id 2 or 3, which Ethereum's v cannot carry
        if r != 0 and s != 0 and x < CURVE_ORDER:
            if s > HALF_CURVE_ORDER:
                # (r, n - s) is the signature made with -k, whose point has the other y parity
                return Signature(r, CURVE_ORDER - s, 1 - (y & 1))
            return Signature(r, s, y & 1)
        attempt += 1


def verify_signature(digest: Hash32, r: int, s: int, public_key: PublicKey) -> bool:
    """Whether (r, s) is a valid ECDSA signature of `digest`; False, not an error, if malformed."""
    if len(digest) != HASH32_LENGTH or not (1 <= r < CURVE_ORDER and 1 <= s < CURVE_ORDER):
        return False
    try:
        point = _public_key_point(public_key)
    except (InvalidLength, InvalidPublicKey, PointNotOnCurve):
        return False
    s_inverse = pow(s, -1, CURVE_ORDER)
    z = int.from_bytes(digest, "big")
    result = _multiply_add(z * s_inverse % CURVE_ORDER, r * s_inverse % CURVE_ORDER, point)
    return result[2] != 0 and _jacobian_to_affine(result)[0] % CURVE_ORDER == r


def recover_public_key_by_recovery_id(
    digest: Hash32, r: int, s: int, recovery_id: int
) -> PublicKey:
    """The public key that signed `digest`, recovery id 0 to 3; raises InvalidSignature."""
    if recovery_id not in (0, 1, 2, 3):
        raise InvalidRecoveryId(f"a recovery id is 0, 1, 2 or 3, got {recovery_id}")
    _check_signature_range(r, s)
    z = _digest_scalar(digest)
    # ids 2 and 3: R.x was at least n and r is R.x - n
    point = _lift_x(r + (recovery_id // 2) * CURVE_ORDER, recovery_id % 2)
    if point is None:
        raise RecoveryFailed("no curve point has the x-coordinate that r and the id give")
    r_inverse = pow(r, -1, CURVE_ORDER)
    result = _multiply_add(-z * r_inverse % CURVE_ORDER, s * r_inverse % CURVE_ORDER, point)
    if result[2] == 0:
        raise RecoveryFailed("the recovered point is the point at infinity")
    return _encode_point(_jacobian_to_affine(result))


def recover_public_key(digest: Hash32, r: int, s: int, v: int) -> PublicKey:
    """The public key that signed `digest`, with v in {0, 1, 27, 28}; high s accepted."""
    if v not in (0, 1, ETHEREUM_V_OFFSET, ETHEREUM_V_OFFSET + 1):
        raise InvalidRecoveryId(f"v must be 0, 1, 27 or 28, got {v}")
    parity = v - ETHEREUM_V_OFFSET if v >= ETHEREUM_V_OFFSET else v
    return recover_public_key_by_recovery_id(digest, r, s, parity)


def recover_transaction_sender(digest: Hash32, r: int, s: int, v: int) -> Address:
    """The signer's address; raises HighS or other InvalidSignature subclasses on bad input."""
    if v not in (0, 1, ETHEREUM_V_OFFSET, ETHEREUM_V_OFFSET + 1):
        raise InvalidRecoveryId(f"v must be 0, 1, 27 or 28, got {v}")
    _check_signature_range(r, s)
    if s > HALF_CURVE_ORDER:
        raise HighS("a transaction signature must have s <= n / 2")
    return compute_address(recover_public_key(digest, r, s, v))


def ecrecover(data: bytes) -> bytes:
    """The ECRECOVER precompile: the signer address left-padded to 32 bytes, or b"" on failure."""
    # short input reads as if zero-padded on the right; bytes past the 128th are ignored
    padded = data[:ECRECOVER_INPUT_LENGTH].ljust(ECRECOVER_INPUT_LENGTH, b"\x00")
    # v is a whole 32-byte word, so 27 or 28 also means its upper 31 bytes are zero
    v = int.from_bytes(padded[32:64], "big")
    if v not in (ETHEREUM_V_OFFSET, ETHEREUM_V_OFFSET + 1):
        return b""
    r = int.from_bytes(padded[64:96], "big")
    s = int.from_bytes(padded[96:128], "big")
    try:
        public_key = recover_public_key(Hash32(padded[:32]), r, s, v)
    except InvalidSignature:
        return b""
    return bytes(32 - ADDRESS_LENGTH) + compute_address(public_key)


def encode_signature(signature: Signature) -> bytes:
    """The 65 bytes r || s || (27 + v); raises ValueOutOfRange if a field does not fit."""
    if not (0 <= signature.r < 2**256 and 0 <= signature.s < 2**256):
        raise ValueOutOfRange("r and s must fit in 32 bytes")
    if signature.v not in (0, 1):
        raise ValueOutOfRange(f"v must be the y parity 0 or 1, got {signature.v}")
    v_byte = ETHEREUM_V_OFFSET + signature.v
    return signature.r.to_bytes(32, "big") + signature.s.to_bytes(32, "big") + bytes([v_byte])


def decode_signature(data: bytes) -> Signature:
    """The signature of the 65 bytes r || s || v; raises DecodingError unless v is 27 or 28."""
    if len(data) != SIGNATURE_LENGTH:
        raise InvalidLength(f"a signature is 65 bytes r || s || v, got {len(data)}")
    if data[64] in (0, 1):
        raise NonCanonicalEncoding("the v byte is written 27 + y parity, not 0 or 1")
    if data[64] not in (ETHEREUM_V_OFFSET, ETHEREUM_V_OFFSET + 1):
        raise InvalidRecoveryByte(f"the v byte must be 27 or 28, got {data[64]}")
    r = int.from_bytes(data[:32], "big")
    s = int.from_bytes(data[32:64], "big")
    return Signature(r, s, data[64] - ETHEREUM_V_OFFSET)
