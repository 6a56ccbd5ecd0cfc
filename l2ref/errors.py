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


class UnknownMessageType(DecodingError):
    """A channel message whose type word names no message of specs/channels/states.md."""


class UnknownAppointmentVersion(DecodingError):
    """A watchtower appointment whose version byte is not one of specs/channels/watchtower.md."""


class BlobAuthenticationFailed(DecodingError):
    """An encrypted blob whose Poly1305 tag does not verify under the key: another key, or
    altered bytes."""


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


class RouteNotFound(ChannelError):
    """No path of channels with enough capacity joins the sender to the recipient."""


class InvalidRoute(ChannelError):
    """A route whose hops do not chain, or whose amounts grow along the path."""


class ExpiryDeltaTooSmall(ChannelError):
    """A mediator's lock expiries too close to register a secret on L1 in time."""


class HashlockMismatch(ChannelError):
    """A mediator's outgoing lock with another hash than the lock it receives."""


class LockNotFound(ChannelError):
    """No lock of the latest state has the hash asked for."""


class LockNotExpired(ChannelError):
    """A refund of a lock whose expiry has not passed."""


class ChannelNotFound(ChannelError):
    """A channel id that names no channel of the contract."""


class ChannelAlreadyExists(ChannelError):
    """An open with the id of a channel that exists or existed: ids are never reused."""


class InvalidChannelParameters(ChannelError):
    """An open with a zero id, a partner that is the opener or zero, an unknown dispute mode or a
    challenge period out of bounds."""


class ChannelNotOpen(ChannelError):
    """An operation of an open channel on a channel that is closed or settled."""


class ChannelNotClosed(ChannelError):
    """An operation of the challenge period on a channel that is open or settled."""


class ChannelNotSettled(ChannelError):
    """A lock unlocked before its channel is settled."""


class NotParticipant(ChannelError):
    """A deposit or a close by an address that is neither participant of the channel."""


class DepositNotMonotonic(ChannelError):
    """A total deposit that does not exceed the participant's current total."""


class DepositValueMismatch(ChannelError):
    """Ether sent with a deposit other than the new total minus the current total."""


class WithdrawalNotMonotonic(ChannelError):
    """A withdrawal whose state raises neither participant's withdrawn total."""


class WrongChannelId(ChannelError):
    """A state or message for another channel than the one named."""


class InvalidStateSignature(ChannelError):
    """A state or close signature that is malformed or not by the participant it must be by
    (also a state signed for another chain or contract)."""


class NonceNotHigher(ChannelError):
    """A state whose nonce is not above the nonce the contract or party already holds."""


class NegativeBalance(ChannelError):
    """A state that would pay a participant less than nothing under the channel's totals."""


class CloseBalanceMismatch(ChannelError):
    """A cooperative close whose balances do not add up to the channel's total."""


class ChallengePeriodOver(ChannelError):
    """An update or penalty at or after the end of the challenge period."""


class ChallengePeriodNotOver(ChannelError):
    """A settlement before the end of the challenge period."""


class WrongDisputeMode(ChannelError):
    """A penalty on a channel opened in nonce mode."""


class PreimageMismatch(ChannelError):
    """A secret whose hash is not the commitment it is presented for."""


class StateHashMismatch(ChannelError):
    """A settlement with a state other than the one the contract holds."""


class InvalidLockProof(ChannelError):
    """A lock that the Merkle proof does not place at its index under the settled locks root."""


class LockAlreadyResolved(ChannelError):
    """A lock that was already paid out to its receiver or returned to its sender."""


class LockSenderNotParticipant(ChannelError):
    """A lock whose sender is neither participant of the channel."""


class SecretNotRegistered(ChannelError):
    """An unlock of a lock that has not expired and whose secret is not registered yet."""


class LockedAmountExceeded(ChannelError):
    """Locks that pay out more than the locked amount their state declared."""


class InvalidSecretRegistry(ChannelError):
    """A channel contract deployed with an address that holds no secret registry."""


class LockExpired(ChannelError):
    """A new lock whose expiry is not in the future."""


class UnexpectedNonce(ChannelError):
    """A proposed state whose nonce is not the latest nonce plus one."""


class LocksRootMismatch(ChannelError):
    """A state whose locks root or lock count is not that of the locks it comes with."""


class LockedAmountMismatch(ChannelError):
    """A state whose locked amounts are not the sums of its locks by sender."""


class RevocationHashMismatch(ChannelError):
    """A state whose revocation hash is not the one its owner announced for that nonce."""


class UnauthorisedStateChange(ChannelError):
    """A proposal that changes the receiving party's side or takes from its balance."""


class UnexpectedMessage(ChannelError):
    """A message that does not fit the round in progress (a countersignature without a
    proposal, a revocation of a state not replaced)."""


class RevocationIndexOutOfRange(ChannelError):
    """A commitment index or nonce outside [0, 2^48 - 1]."""


class UnexpectedRevocationIndex(ChannelError):
    """A revocation secret for another index than the next one expected."""


class InvalidRevocationSecret(ChannelError):
    """A revocation secret from which the secrets received before do not derive."""


class RevocationSecretUnknown(ChannelError):
    """A revocation secret asked for an index not received yet."""


class DuplicateLocator(ChannelError):
    """An appointment whose locator the watchtower already holds."""


class AppointmentExpired(ChannelError):
    """An appointment whose expiry is not after the current L1 time."""


class WatchtowerFull(ChannelError):
    """An appointment for a watchtower that holds as many appointments as its capacity."""


class PlasmaError(L2RefError):
    """A Plasma deposit, exit or challenge rejected by its contract."""


class RollupError(L2RefError):
    """An optimistic rollup batch, claim or withdrawal rejected by its contract."""


class InvalidL2Transaction(RollupError):
    """An L2 transaction the state transition skips: it changes nothing and is left out of its
    block."""


class L2ChainIdMismatch(InvalidL2Transaction):
    """An L2 transaction signed for another L2 chain id."""


class L2NonceMismatch(InvalidL2Transaction):
    """An L2 transaction whose nonce is not its sender's next nonce."""


class L2InsufficientBalance(InvalidL2Transaction):
    """An L2 transfer or withdrawal of more than its sender's L2 balance."""


class L2BalanceOverflow(InvalidL2Transaction):
    """An L2 credit that would take a balance above 2^256 - 1."""


class InvalidL2Witness(RollupError):
    """A transaction witness whose roots or proofs do not match the pre-state root."""


class IncompleteL2Witness(RollupError):
    """A transaction witness that lacks an account or a withdrawal the transaction touches."""


class NotSequencer(RollupError):
    """A batch appended by an address other than the rollup's sequencer."""


class BatchDataTooLarge(RollupError):
    """Batch data or a queued L2 transaction longer than the rollup contract accepts."""


class DelayedMessagesReadOutOfRange(RollupError):
    """A count of consumed delayed messages that goes backwards, past the queue, or (to force
    inclusion) not forwards."""


class ForceInclusionTooEarly(RollupError):
    """A forced inclusion of a delayed message younger than the force-inclusion window."""


class BondMismatch(RollupError):
    """An output proposal sent with other than exactly the output bond."""


class L2BlockNotPosted(RollupError):
    """An output proposed for an L2 block whose batch is not on L1 yet."""


class OutputNotFound(RollupError):
    """An output index that names no proposed output."""


class OutputNotFinalized(RollupError):
    """An output still inside its challenge window or with a dispute open."""


class OutputDefeated(RollupError):
    """An output that a dispute (or the permissioned challenger) has defeated."""


class OutputAlreadyResolved(RollupError):
    """An output that is already finalised or defeated."""


class ChallengeWindowOver(RollupError):
    """A dispute opened on an output after its challenge window."""


class NotChallenger(RollupError):
    """An output invalidated by an address other than the permissioned challenger."""


class NoOpenDispute(RollupError):
    """A dispute closed on an output that has none open."""


class OutputRootMismatch(RollupError):
    """An output root preimage that does not hash to the proposed output root."""


class InvalidWithdrawalProof(RollupError):
    """A withdrawal that the proof does not place in the output's withdrawals root."""


class WithdrawalAlreadyFinalized(RollupError):
    """A withdrawal that the bridge has already paid."""


class UnknownL2TransactionType(DecodingError):
    """An L2 transaction whose type byte is neither a transfer's, a withdrawal's nor a deposit's."""


class UnknownBatchVersion(DecodingError):
    """A sequencer batch whose version byte is not one of specs/optimistic/batches.md."""


class InvalidCompressedData(DecodingError):
    """Batch data that is not one complete raw DEFLATE stream (RFC 1951)."""


class TrailingCompressedData(DecodingError):
    """Bytes after the end of a batch's DEFLATE stream."""


class BatchTooLarge(DecodingError):
    """A batch payload longer than the maximum, before or after decompression."""


class DisputeGameError(L2RefError):
    """A dispute game move rejected by its contract."""


class GameNotFound(DisputeGameError):
    """A dispute game id that no game of the contract has."""


class ClaimNotFound(DisputeGameError):
    """A claim index at or beyond the number of claims of the game."""


class GameAlreadyResolved(DisputeGameError):
    """A move, step or resolution on a game whose result is already decided."""


class InvalidPosition(DisputeGameError):
    """A move against a claim at the maximum game depth, or a step against a claim
    above it."""


class CannotDefendRootClaim(DisputeGameError):
    """A defence of the root claim: it commits to the end of the whole trace, so no
    state comes after it."""


class ClockExpired(DisputeGameError):
    """A move or step against a claim after the countering side's chess clock has run
    out."""


class ClockNotExpired(DisputeGameError):
    """A resolution of a claim that the other side may still counter."""


class BondTooLow(DisputeGameError):
    """A game creation or move bonded with less than its position's required bond."""


class ClaimAlreadyExists(DisputeGameError):
    """A claim equal to an existing one: the same parent, position and value."""


class ClaimAlreadyCountered(DisputeGameError):
    """A step against a claim that a step has already countered."""


class InvalidStepProof(DisputeGameError):
    """A one-step proof that is malformed or does not start from the pre-state the game
    holds."""


class StepDoesNotCounterClaim(DisputeGameError):
    """A step whose execution agrees with the claim it is meant to counter."""


class OutOfOrderResolution(DisputeGameError):
    """A resolution of a claim before all of its counters, or of the game before its
    root claim."""


class ClaimAlreadyResolved(DisputeGameError):
    """A second resolution of the same claim."""


class InvalidGameInput(DisputeGameError):
    """A game input from which the step system computes no absolute prestate."""


class InvalidStepSystem(DisputeGameError):
    """A step system whose maximum game depth is outside [1, MAX_SUPPORTED_GAME_DEPTH]."""


class InvalidTrace(DisputeGameError):
    """A trace whose number of commitments is not 2^depth + 1 for its depth."""


class InvalidVmProgram(DisputeGameError):
    """A VM program or input that does not fit the memory, or a word outside [0, 2^64 - 1]."""


class InvalidMove(DisputeGameError):
    """A move whose kind is not one of the MOVE_* kinds of specs/optimistic/honest.md."""


class OutputAlreadyDisputed(DisputeGameError):
    """A second output game against the same output: its challengers join the game there is."""


class InvalidAnchor(DisputeGameError):
    """An output game anchored at an output that is not finalised, was defeated, or is after the
    disputed block."""


class DisputedDataMismatch(DisputeGameError):
    """Batch data or delayed messages, given to open an output game, that differ from what the
    rollup contract stored, or that do not cover the disputed blocks."""


class TraceTooLong(DisputeGameError):
    """An output game whose disputed blocks hold more trace items than 2^max_game_depth."""


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
