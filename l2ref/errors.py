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


class InvalidTransactionType(DecodingError):
    """An L1 transaction whose first byte is not the transaction type 0x4c."""


class VectorGenerationError(L2RefError):
    """A vector suite whose cases do not end as they declare: a bug, nothing is written."""


class StepOutcomeMismatch(L2RefError):
    """A step of a multi-step vector that did not end with the outcome the vector declares."""


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


class EmptyLeafValue(MerkleError):
    """An empty value for a sparse Merkle tree key: absence is deletion, not an empty value."""


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


class InvalidTransaction(L1Error):
    """A transaction that no valid block may include."""


class WrongChainId(InvalidTransaction):
    """A transaction signed for another chain."""


class IntrinsicGasTooLow(InvalidTransaction):
    """A gas limit below the transaction's intrinsic gas."""


class BlockGasLimitExceeded(InvalidTransaction):
    """A gas limit above the gas left in the block."""


class NonceTooLow(InvalidTransaction):
    """A nonce the sender has already used."""


class NonceTooHigh(InvalidTransaction):
    """A nonce beyond the sender's next one."""


class InsufficientBalance(InvalidTransaction):
    """A sender who cannot pay value plus gas limit times gas price."""


class InvalidBlock(L1Error):
    """A block that breaks a rule of the chain: nothing of it is applied."""


class WrongBlockNumber(InvalidBlock):
    """A block number that is not the parent's plus one."""


class WrongParentHash(InvalidBlock):
    """A parent hash that is not the hash of the chain's head."""


class TimestampNotIncreasing(InvalidBlock):
    """A timestamp not after the parent's."""


class TimestampTooFarInFuture(InvalidBlock):
    """A timestamp more than the allowed drift ahead of the node's clock."""


class WrongGasLimit(InvalidBlock):
    """A block gas limit that is not the chain's."""


class WrongGasUsed(InvalidBlock):
    """A header whose gas used is not what its transactions used."""


class WrongTransactionsRoot(InvalidBlock):
    """A transactions root that does not commit to the block's transactions."""


class WrongReceiptsRoot(InvalidBlock):
    """A receipts root that does not commit to the receipts of the block."""


class WrongStateRoot(InvalidBlock):
    """A state root that is not the root of the state after the block."""


class ExecutionError(L1Error):
    """A contract call that reverts: its effects are undone, its gas is paid."""


class OutOfGas(ExecutionError):
    """A call that needs more gas than it was given: all of it is consumed."""


class UnknownContract(ExecutionError):
    """A creation or call naming no contract of the chain's registry."""


class UnknownMethod(ExecutionError):
    """Call data whose selector or name matches no method of the contract."""


class NotPayable(ExecutionError):
    """Ether sent to a method that does not accept it."""


class InsufficientContractBalance(ExecutionError):
    """A contract sending more ether than it holds."""


class ContractAddressCollision(ExecutionError):
    """A creation at an address that is already in use."""


class EscrowError(ExecutionError):
    """A call the example escrow contract rejects."""


class EscrowNotFound(EscrowError):
    """An escrow id that names no open escrow."""


class EscrowLocked(EscrowError):
    """A release before the escrow's release time."""


class NoOpenCheckpoint(L1Error):
    """A commit or rollback of the state without an open checkpoint."""


class UnknownTransaction(L1Error):
    """A transaction hash the local chain has no receipt for."""


class ViewCallReverted(L1Error):
    """A read-only call to a contract that reverted."""


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


class VerifyingKeyPointNotOnCurve(ZkError):
    """A Groth16 verifying key point (alpha or an IC point in G1; beta, gamma or delta in G2) off
    its curve."""


class VerifyingKeyPointNotInSubgroup(ZkError):
    """A Groth16 verifying key point on the twist (beta, gamma or delta) whose order is not r."""


class DegenerateVerifyingKey(ZkError):
    """A Groth16 verifying key with no IC point, a point at infinity among alpha, beta, gamma and
    delta, or gamma equal to delta: under such a key proofs can be forged."""


class ProofPointNotOnCurve(ZkError):
    """A Groth16 proof point (A or C in G1, B in G2) off its curve."""


class ProofPointNotInSubgroup(ZkError):
    """A Groth16 proof point B on the twist whose order is not r."""


class PublicInputCountMismatch(ZkError):
    """A number of Groth16 public inputs other than the verifying key's (one fewer than its IC
    points)."""


class PublicInputOutOfRange(ZkError):
    """A Groth16 public input that is not in [0, r - 1]."""


class InvalidR1CS(ZkError):
    """A rank-1 constraint system whose sizes, variable indices or coefficients are out of range."""


class InvalidWitness(ZkError):
    """A witness of the wrong length, with w[0] != 1, or with an element outside [0, r - 1]."""


class UnsatisfiedConstraint(ZkError):
    """A witness for which some constraint <A_k, w> * <B_k, w> = <C_k, w> does not hold."""


class InvalidToxicWaste(ZkError):
    """Trusted-setup secrets that are zero mod r, or a tau that is a root of unity of the domain."""


class ProvingKeyMismatch(ZkError):
    """A Groth16 proving key made for another constraint system than the one given."""


class InvalidJson(DecodingError):
    """Text that is not one well-formed JSON document (or repeats a key in an object)."""


class InvalidSnarkjsFormat(DecodingError):
    """JSON without the structure snarkjs writes: a missing, extra or mistyped field, a number
    that is not a canonical decimal string, or a point not in the form [x, y, 1] or infinity."""


class UnsupportedProtocol(DecodingError):
    """A snarkjs file whose protocol is not "groth16" or whose curve is not "bn128"."""


class ValidiumError(L2RefError):
    """A validium batch or data-availability attestation rejected."""


class BridgeError(L2RefError):
    """A sidechain checkpoint, deposit or withdrawal rejected by the bridge."""
