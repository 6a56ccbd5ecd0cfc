"""The BN254 precompiles of the EVM at the byte level. See specs/crypto/bn254_precompiles.md."""

from __future__ import annotations

from l2ref.crypto.bn254_curves import (
    G1_INFINITY,
    G2_INFINITY,
    G1Point,
    G2Point,
    g1_add,
    g1_from_affine,
    g1_mul,
    g1_to_affine,
    g2_from_affine,
    g2_to_affine,
    is_in_g2,
    is_on_g1,
    is_on_twist,
)
from l2ref.crypto.bn254_fields import FIELD_MODULUS, Fp2
from l2ref.crypto.bn254_pairing import pairing_check
from l2ref.errors import (
    CoordinateOutOfRange,
    InvalidLength,
    InvalidPairingInputLength,
    PointNotInSubgroup,
    PointNotOnCurve,
)

WORD_LENGTH = 32

G1_ENCODED_LENGTH = 2 * WORD_LENGTH

G2_ENCODED_LENGTH = 4 * WORD_LENGTH

EC_ADD_INPUT_LENGTH = 2 * G1_ENCODED_LENGTH

EC_MUL_INPUT_LENGTH = G1_ENCODED_LENGTH + WORD_LENGTH

EC_PAIRING_CHUNK_LENGTH = G1_ENCODED_LENGTH + G2_ENCODED_LENGTH

EC_ADD_GAS = 150

EC_MUL_GAS = 6000

EC_PAIRING_BASE_GAS = 45000

EC_PAIRING_PER_PAIR_GAS = 34000


def pad_input(data: bytes, length: int) -> bytes:
    """`data` cut or zero-padded on the right to exactly `length` bytes."""
    # Short input is read as if followed by zero bytes; bytes beyond `length` are ignored.
    return data[:length].ljust(length, b"\x00")


def decode_fp(word: bytes) -> int:
    """The big-endian `word` as an Fp element; raises InvalidLength or CoordinateOutOfRange."""
    if len(word) != WORD_LENGTH:
        raise InvalidLength(f"a field element is {WORD_LENGTH} bytes, got {len(word)}")
    value = int.from_bytes(word, "big")
    if value >= FIELD_MODULUS:
        raise CoordinateOutOfRange(f"coordinate {value} is not below the field modulus")
    return value


def encode_fp(value: int) -> bytes:
    """The 32-byte big-endian word of `value` mod p."""
    return (value % FIELD_MODULUS).to_bytes(WORD_LENGTH, "big")


def decode_fp2(data: bytes) -> Fp2:
    """The Fp2 element of 64 bytes, imaginary part first; raises DecodingError subclasses."""
    if len(data) != 2 * WORD_LENGTH:
        raise InvalidLength(f"an Fp2 element is {2 * WORD_LENGTH} bytes, got {len(data)}")
    # The imaginary part comes first: the words of a + b i are b, then a.
    imaginary = decode_fp(data[:WORD_LENGTH])
    real = decode_fp(data[WORD_LENGTH:])
    return (real, imaginary)


def encode_fp2(value: Fp2) -> bytes:
    """The 64 bytes of an Fp2 element: the imaginary part's word, then the real part's."""
    return encode_fp(value[1]) + encode_fp(value[0])


def decode_g1_point(data: bytes) -> G1Point:
    """The G1 point of 64 bytes (x, y), (0, 0) for infinity; not checked to be on the curve."""
    if len(data) != G1_ENCODED_LENGTH:
        raise InvalidLength(f"a G1 point is {G1_ENCODED_LENGTH} bytes, got {len(data)}")
    x = decode_fp(data[:WORD_LENGTH])
    y = decode_fp(data[WORD_LENGTH:])
    # (0, 0) is not on the curve (3 is not a square), so it can stand for infinity.
    if x == 0 and y == 0:
        return G1_INFINITY
    return g1_from_affine(x, y)


def encode_g1_point(point: G1Point) -> bytes:
    """The 64 bytes (x, y) of the affine G1 point, all zero for the point at infinity."""
    affine = g1_to_affine(point)
    if affine is None:
        return bytes(G1_ENCODED_LENGTH)
    return encode_fp(affine[0]) + encode_fp(affine[1])


def validate_g1_point(point: G1Point) -> None:
    """Raise PointNotOnCurve unless the point is on y^2 = x^3 + 3."""
    # G1 is the whole curve group (cofactor 1): on the curve is enough.
    if not is_on_g1(point):
        raise PointNotOnCurve("G1 point is not on y^2 = x^3 + 3")


def decode_g2_point(data: bytes) -> G2Point:
    """The G2 point of 128 bytes (x, y), zeros for infinity; not checked to be in G2."""
    if len(data) != G2_ENCODED_LENGTH:
        raise InvalidLength(f"a G2 point is {G2_ENCODED_LENGTH} bytes, got {len(data)}")
    x = decode_fp2(data[: 2 * WORD_LENGTH])
    y = decode_fp2(data[2 * WORD_LENGTH :])
    if x == (0, 0) and y == (0, 0):
        return G2_INFINITY
    return g2_from_affine(x, y)


def encode_g2_point(point: G2Point) -> bytes:
    """The 128 bytes (x, y) of the affine G2 point, all zero for the point at infinity."""
    affine = g2_to_affine(point)
    if affine is None:
        return bytes(G2_ENCODED_LENGTH)
    return encode_fp2(affine[0]) + encode_fp2(affine[1])


def validate_g2_point(point: G2Point) -> None:
    """Raise PointNotOnCurve off the twist, PointNotInSubgroup unless the order is r."""
    if not is_on_twist(point):
        raise PointNotOnCurve("G2 point is not on the twist y^2 = x^3 + 3 / (9 + i)")
    if not is_in_g2(point):
        raise PointNotInSubgroup("G2 point is on the twist but not of order r")


def ec_add(data: bytes) -> bytes:
    """The ECADD precompile: the sum of two G1 points, input zero-padded to 128 bytes."""
    data = pad_input(data, EC_ADD_INPUT_LENGTH)
    a = decode_g1_point(data[:G1_ENCODED_LENGTH])
    validate_g1_point(a)
    b = decode_g1_point(data[G1_ENCODED_LENGTH:])
    validate_g1_point(b)
    return encode_g1_point(g1_add(a, b))


def ec_mul(data: bytes) -> bytes:
    """The ECMUL precompile: a G1 point times a 256-bit scalar, input zero-padded to 96 bytes."""
    data = pad_input(data, EC_MUL_INPUT_LENGTH)
    point = decode_g1_point(data[:G1_ENCODED_LENGTH])
    validate_g1_point(point)
    # The scalar is the full 256-bit word; no range check applies.
    scalar = int.from_bytes(data[G1_ENCODED_LENGTH:], "big")
    return encode_g1_point(g1_mul(point, scalar))


def ec_pairing(data: bytes) -> bytes:
    """The ECPAIRING precompile: the 32-byte word 1 if the pairing product is 1, else 0."""
    if len(data) % EC_PAIRING_CHUNK_LENGTH != 0:
        raise InvalidPairingInputLength(
            f"pairing input is {len(data)} bytes, not a multiple of {EC_PAIRING_CHUNK_LENGTH}"
        )
    pairs: list[tuple[G1Point, G2Point]] = []
    for start in range(0, len(data), EC_PAIRING_CHUNK_LENGTH):
        g1_end = start + G1_ENCODED_LENGTH
        p = decode_g1_point(data[start:g1_end])
        validate_g1_point(p)
        q = decode_g2_point(data[g1_end : start + EC_PAIRING_CHUNK_LENGTH])
        validate_g2_point(q)
        pairs.append((p, q))
    # The empty product is 1, so empty input returns 1.
    return (1 if pairing_check(pairs) else 0).to_bytes(WORD_LENGTH, "big")


def ec_add_gas(data: bytes) -> int:
    """The gas of ECADD: a constant 150, whatever the input."""
    return EC_ADD_GAS


def ec_mul_gas(data: bytes) -> int:
    """The gas of ECMUL: a constant 6000, whatever the input."""
    return EC_MUL_GAS


def ec_pairing_gas(data: bytes) -> int:
    """The gas of ECPAIRING: 45000 plus 34000 per whole 192-byte pair of the input."""
    # Charged before the input is checked, so also for a length that then fails.
    return EC_PAIRING_BASE_GAS + EC_PAIRING_PER_PAIR_GAS * (len(data) // EC_PAIRING_CHUNK_LENGTH)
