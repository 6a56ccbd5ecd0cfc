"""Every exception l2ref raises. See specs/errors.md."""


class L2RefError(Exception):
    """Base of every error raised by l2ref."""


class DecodingError(L2RefError):
    """Bytes or text that do not decode to a value of the expected type."""


class InvalidLength(DecodingError):
    """An input has a length the format does not allow."""


class InvalidPairingInputLength(InvalidLength):
    """BN254 pairing input whose length is not a multiple of 192 bytes."""


class NonCanonicalEncoding(DecodingError):
    """An input decodes, but is not the one canonical encoding of its value."""


class CoordinateOutOfRange(DecodingError):
    """A 32-byte field element word whose value is not below the field modulus p."""


class InvalidOffset(DecodingError):
    """An ABI offset or length points outside the data or to the wrong place."""


class InvalidUtf8(DecodingError):
    """Bytes decoded as a string that are not well-formed UTF-8."""


class InvalidHex(DecodingError):
    """Text that is not `0x` followed by an even number of lowercase hex digits."""


class MalformedVector(DecodingError):
    """A conformance vector file that does not follow specs/vectors.md."""


class InvalidRecoveryByte(DecodingError):
    """The v byte of a 65-byte signature is neither 27 nor 28 (nor the non-canonical 0 or 1)."""


class VectorGenerationError(L2RefError):
    """A vector suite whose cases do not end as they declare: a bug, nothing is written."""


class EncodingError(L2RefError):
    """A value that cannot be encoded as the requested type."""


class InvalidType(EncodingError):
    """A type name or type definition that the encoder does not accept."""


class ValueOutOfRange(EncodingError):
    """A value outside the range of its type."""


class TypeMismatch(EncodingError):
    """A value of the wrong Python type or shape for its declared type."""


class CryptoError(L2RefError):
    """Invalid keys, points or tree parameters."""


class InvalidPrivateKey(CryptoError):
    """A private key outside [1, n - 1]."""


class InvalidPublicKey(CryptoError):
    """A public key that is not a valid point encoding."""


class PointNotOnCurve(CryptoError):
    """Coordinates that do not satisfy the curve equation."""


class PointNotInSubgroup(CryptoError):
    """A point on the curve but outside the prime-order subgroup."""


class MerkleError(CryptoError):
    """Invalid Merkle tree parameters."""


class EmptyTree(MerkleError):
    """An operation that needs at least one leaf was given none."""


class LeafIndexOutOfRange(MerkleError):
    """A leaf index outside [0, leaf_count - 1]."""


class InvalidTreeDepth(MerkleError):
    """A sparse Merkle tree depth outside [1, 256]."""


class KeyOutOfRange(MerkleError):
    """A sparse Merkle tree key that does not fit in the tree's depth."""


class InvalidSignature(L2RefError):
    """A signature that is malformed or does not verify."""


class SignatureOutOfRange(InvalidSignature):
    """r or s is zero or not below the group order n."""


class HighS(InvalidSignature):
    """s is above n / 2 where the rule requires the low-s form."""


class InvalidRecoveryId(InvalidSignature):
    """A recovery id v outside the accepted set."""


class RecoveryFailed(InvalidSignature):
    """No public key can be recovered from the signature."""


class L1Error(L2RefError):
    """A transaction, block or contract call rejected by the L1 model."""


class ChannelError(L2RefError):
    """A payment or state channel operation rejected by its contract."""


class PlasmaError(L2RefError):
    """A Plasma deposit, exit or challenge rejected by its contract."""


class RollupError(L2RefError):
    """An optimistic rollup batch, claim or withdrawal rejected by its contract."""


class DisputeGameError(L2RefError):
    """A dispute game move rejected by its contract."""


class ZkError(L2RefError):
    """A ZK rollup proof, key or batch rejected."""


class ValidiumError(L2RefError):
    """A validium batch or data-availability attestation rejected."""


class BridgeError(L2RefError):
    """A sidechain checkpoint, deposit or withdrawal rejected by the bridge."""
