"""The off-chain update round of a channel, and the honest strategies of its parties on the L1.
See specs/channels/protocol.md."""

from __future__ import annotations

from dataclasses import dataclass, replace

from l2ref.channels.contract import (
    CHANNEL_CLOSED,
    CHANNEL_CLOSED_EVENT_TYPES,
    CHANNEL_SETTLED,
    CHANNEL_UPDATED_EVENT_TYPES,
    LOCK_RESOLVED_EVENT_TYPES,
    ChannelTotals,
)
from l2ref.channels.revocation import (
    EMPTY_REVOCATION_STORE,
    RevocationStore,
    compute_commitment_index,
    compute_revocation_hash,
    compute_revocation_secret,
    get_revocation_secret,
    insert_revocation_secret,
)
from l2ref.channels.states import (
    EMPTY_LOCKS_ROOT,
    NO_REVOCATION_HASH,
    PENALTY_MODE,
    ChannelState,
    CooperativeClose,
    CooperativeCloseSignature,
    DisputeMode,
    Lock,
    RevocationHashOffer,
    SecretReveal,
    SignedChannelState,
    SignedCooperativeClose,
    StateCountersignature,
    StateProposal,
    StateRevocation,
    compute_balances,
    compute_hashlock,
    compute_lock_proof,
    compute_locked_amounts,
    compute_locks_root,
    lock_to_abi,
    sign_cooperative_close,
    sign_state,
    state_from_abi,
    state_to_abi,
    verify_cooperative_close_signature,
    verify_state_signature,
)
from l2ref.crypto.hash import keccak256
from l2ref.crypto.merkle import encode_merkle_proof
from l2ref.crypto.secp256k1 import PrivateKey, encode_signature
from l2ref.encoding.abi import AbiValue, abi_bytes, abi_int, decode_abi, format_function_signature
from l2ref.errors import (
    CloseBalanceMismatch,
    InvalidStateSignature,
    LockedAmountMismatch,
    LockExpired,
    LocksRootMismatch,
    NegativeBalance,
    PreimageMismatch,
    RevocationHashMismatch,
    UnauthorisedStateChange,
    UnexpectedMessage,
    UnexpectedNonce,
    WrongChannelId,
)
from l2ref.l1.contracts import Log
from l2ref.l1.driver import (
    LocalChain,
    compute_account_address,
    get_logs,
    get_time,
    send_method_call,
    view_call,
)
from l2ref.l1.types import ChainId, Seconds, Wei
from l2ref.types import Address, Hash32


@dataclass(frozen=True)
class ChannelTerms:
    """The fixed terms of a channel: domain, id, participants, dispute mode, challenge period."""

    chain_id: ChainId
    contract: Address
    channel_id: Hash32
    participant_a: Address
    participant_b: Address
    mode: DisputeMode
    challenge_period_seconds: Seconds


@dataclass(frozen=True)
class PartyView:
    """One party's view of a channel: its keys, the latest co-signed state and the open round."""

    terms: ChannelTerms
    address: Address
    private_key: PrivateKey
    revocation_seed: Hash32
    # the latest state both parties signed, and its locks; None before the first
    latest: SignedChannelState | None
    latest_locks: tuple[Lock, ...]
    # penalty mode: the state the latest replaced, until the counterparty revokes it
    unrevoked: ChannelState | None
    # this party's proposal that waits for the counterparty's signature
    pending: StateProposal | None
    # penalty mode: the counterparty's revocation hash for nonce latest + 1, once announced
    counterparty_next_revocation_hash: Hash32
    counterparty_secrets: RevocationStore
    # the lock secrets this party knows
    secrets: tuple[Hash32, ...]


@dataclass(frozen=True)
class ClosingView:
    """A closing read from L1: status, closer, settle time, held state and closing state."""

    status: int
    closer: Address
    settle_time: Seconds
    # the state the contract holds: the closer's, or the last update's
    state: ChannelState
    # the state the closer closed with
    closing_state: ChannelState


def new_party_view(
    terms: ChannelTerms, private_key: PrivateKey, revocation_seed: Hash32
) -> PartyView:
    """Return a party's view before the first round, its address taken from its key."""
    return PartyView(
        terms=terms,
        address=compute_account_address(private_key),
        private_key=private_key,
        revocation_seed=revocation_seed,
        latest=None,
        latest_locks=(),
        unrevoked=None,
        pending=None,
        counterparty_next_revocation_hash=NO_REVOCATION_HASH,
        counterparty_secrets=EMPTY_REVOCATION_STORE,
        secrets=(),
    )


def get_counterparty(view: PartyView) -> Address:
    """Return the address of the other participant of the channel."""
    terms = view.terms
    return terms.participant_b if view.address == terms.participant_a else terms.participant_a


def get_latest_nonce(view: PartyView) -> int:
    """Return the nonce of the latest co-signed state, or 0 before the first."""
    return view.latest.state.nonce if view.latest is not None else 0


def get_latest_state(view: PartyView) -> ChannelState:
    """Return the latest co-signed state, or the empty state of nonce 0 before the first."""
    if view.latest is not None:
        return view.latest.state
    # before the first round: nothing transferred, withdrawn or locked
    terms = view.terms
    return ChannelState(
        chain_id=terms.chain_id,
        contract=terms.contract,
        channel_id=terms.channel_id,
        nonce=0,
        transferred_a=Wei(0),
        transferred_b=Wei(0),
        withdrawn_a=Wei(0),
        withdrawn_b=Wei(0),
        locked_a=Wei(0),
        locked_b=Wei(0),
        locks_root=EMPTY_LOCKS_ROOT,
        lock_count=0,
        revocation_hash_a=NO_REVOCATION_HASH,
        revocation_hash_b=NO_REVOCATION_HASH,
    )


def compute_own_revocation_hash(view: PartyView, nonce: int) -> Hash32:
    """Return this party's revocation hash for `nonce`, or zero in nonce mode."""
    if view.terms.mode != PENALTY_MODE:
        return NO_REVOCATION_HASH
    return compute_revocation_hash(compute_revocation_secret(view.revocation_seed, nonce))


def create_revocation_hash_offer(view: PartyView) -> RevocationHashOffer:
    """Return the offer of this party's revocation hash for the next nonce."""
    nonce = get_latest_nonce(view) + 1
    return RevocationHashOffer(
        view.terms.channel_id, nonce, compute_own_revocation_hash(view, nonce)
    )


def receive_revocation_hash_offer(view: PartyView, offer: RevocationHashOffer) -> PartyView:
    """Return the view holding the counterparty's revocation hash for the next nonce."""
    if offer.channel_id != view.terms.channel_id:
        raise WrongChannelId(f"the offer is for channel 0x{offer.channel_id.hex()}")
    if offer.nonce != get_latest_nonce(view) + 1:
        raise UnexpectedNonce(f"an offer is for nonce {get_latest_nonce(view) + 1}")
    return replace(view, counterparty_next_revocation_hash=offer.revocation_hash)


def _own_fields(view: PartyView, state: ChannelState) -> tuple[Wei, Wei]:
    if view.address == view.terms.participant_a:
        return state.transferred_a, state.withdrawn_a
    return state.transferred_b, state.withdrawn_b


def _build_state(
    view: PartyView, transferred: Wei, withdrawn: Wei, locks: tuple[Lock, ...]
) -> ChannelState:
    # the proposer changes its own side only; the counterparty's side is copied
    terms = view.terms
    latest = get_latest_state(view)
    nonce = latest.nonce + 1
    locked_a, locked_b = compute_locked_amounts(locks, terms.participant_a, terms.participant_b)
    own_hash = compute_own_revocation_hash(view, nonce)
    other_hash = view.counterparty_next_revocation_hash
    is_a = view.address == terms.participant_a
    return replace(
        latest,
        nonce=nonce,
        transferred_a=transferred if is_a else latest.transferred_a,
        transferred_b=latest.transferred_b if is_a else transferred,
        withdrawn_a=withdrawn if is_a else latest.withdrawn_a,
        withdrawn_b=latest.withdrawn_b if is_a else withdrawn,
        locked_a=locked_a,
        locked_b=locked_b,
        locks_root=compute_locks_root(locks),
        lock_count=len(locks),
        revocation_hash_a=own_hash if is_a else other_hash,
        revocation_hash_b=other_hash if is_a else own_hash,
    )


def propose_state(
    view: PartyView, transferred: Wei, withdrawn: Wei, locks: tuple[Lock, ...]
) -> tuple[PartyView, StateProposal]:
    """Sign the next state with this side's new totals and the locks; keep it as pending."""
    if view.pending is not None:
        raise UnexpectedMessage("a proposal is already waiting for its countersignature")
    if (
        view.terms.mode == PENALTY_MODE
        and view.counterparty_next_revocation_hash == NO_REVOCATION_HASH
    ):
        raise UnexpectedMessage("the counterparty has not announced its next revocation hash")
    state = _build_state(view, transferred, withdrawn, locks)
    proposal = StateProposal(state, locks, sign_state(state, view.private_key))
    return replace(view, pending=proposal), proposal


def propose_payment(view: PartyView, amount: Wei) -> tuple[PartyView, StateProposal]:
    """Propose the next state, in which this party has paid `amount` wei more."""
    transferred, withdrawn = _own_fields(view, get_latest_state(view))
    return propose_state(view, Wei(transferred + amount), withdrawn, view.latest_locks)


def propose_withdrawal(view: PartyView, amount: Wei) -> tuple[PartyView, StateProposal]:
    """Propose the next state, in which this party has withdrawn `amount` wei more."""
    transferred, withdrawn = _own_fields(view, get_latest_state(view))
    return propose_state(view, transferred, Wei(withdrawn + amount), view.latest_locks)


def propose_lock(
    view: PartyView, amount: Wei, hashlock: Hash32, expiry: Seconds
) -> tuple[PartyView, StateProposal]:
    """Propose the next state with a new lock from this party after the current locks."""
    transferred, withdrawn = _own_fields(view, get_latest_state(view))
    locks = (*view.latest_locks, Lock(view.address, amount, hashlock, expiry))
    return propose_state(view, transferred, withdrawn, locks)


def propose_lock_removal(
    view: PartyView, index: int, paid: bool
) -> tuple[PartyView, StateProposal]:
    """Propose the next state without this party's lock `index`, paid or refunded."""
    # paid: the receiver revealed the secret, so the amount becomes a transfer; else a refund
    transferred, withdrawn = _own_fields(view, get_latest_state(view))
    if not 0 <= index < len(view.latest_locks) or view.latest_locks[index].sender != view.address:
        raise UnauthorisedStateChange("a party removes only a lock it sent")
    lock = view.latest_locks[index]
    locks = view.latest_locks[:index] + view.latest_locks[index + 1 :]
    new_transferred = Wei(transferred + lock.amount) if paid else transferred
    return propose_state(view, new_transferred, withdrawn, locks)


def _compute_value(
    view: PartyView,
    totals: ChannelTotals,
    state: ChannelState,
    locks: tuple[Lock, ...],
    now: Seconds,
) -> int:
    # what the state is worth to this party: its balance, plus the live locks it receives
    balance_a, balance_b = compute_balances(
        totals.deposit_a, totals.deposit_b, state.withdrawn_a, state.withdrawn_b, state
    )
    own_balance = balance_a if view.address == view.terms.participant_a else balance_b
    incoming = sum(
        lock.amount for lock in locks if lock.sender != view.address and lock.expiry >= now
    )
    return own_balance + incoming


def validate_proposal(
    view: PartyView, proposal: StateProposal, totals: ChannelTotals, now: Seconds
) -> None:
    """Check a counterparty's proposal: channel, nonce, signature, locks, hashes and value."""
    terms = view.terms
    state = proposal.state
    latest = get_latest_state(view)
    if (state.chain_id, state.contract, state.channel_id) != (
        terms.chain_id,
        terms.contract,
        terms.channel_id,
    ):
        raise WrongChannelId("the proposal is for another chain, contract or channel")
    if view.pending is not None:
        raise UnexpectedMessage("this party's own proposal is waiting for its countersignature")
    if state.nonce != latest.nonce + 1:
        raise UnexpectedNonce(f"the next nonce is {latest.nonce + 1}, got {state.nonce}")
    if not verify_state_signature(state, proposal.signature, get_counterparty(view)):
        raise InvalidStateSignature("the proposal is not signed by the counterparty")
    locks = proposal.locks
    if compute_locks_root(locks) != state.locks_root or len(locks) != state.lock_count:
        raise LocksRootMismatch("the locks root or count is not that of the locks sent")
    locked = compute_locked_amounts(locks, terms.participant_a, terms.participant_b)
    if locked != (state.locked_a, state.locked_b):
        raise LockedAmountMismatch(f"the locks add up to {locked}")
    is_a = view.address == terms.participant_a
    own_hash = state.revocation_hash_a if is_a else state.revocation_hash_b
    other_hash = state.revocation_hash_b if is_a else state.revocation_hash_a
    expected_other = NO_REVOCATION_HASH
    if terms.mode == PENALTY_MODE:
        expected_other = view.counterparty_next_revocation_hash
        if expected_other == NO_REVOCATION_HASH:
            raise UnexpectedMessage("the counterparty has not announced its revocation hash")
    if (own_hash, other_hash) != (compute_own_revocation_hash(view, state.nonce), expected_other):
        raise RevocationHashMismatch("a revocation hash is not the one announced")
    if _own_fields(view, state) != _own_fields(view, latest) or [
        lock for lock in locks if lock.sender == view.address
    ] != [lock for lock in view.latest_locks if lock.sender == view.address]:
        raise UnauthorisedStateChange("the proposal changes this party's side")
    other_old = (
        (latest.transferred_b, latest.withdrawn_b)
        if is_a
        else (latest.transferred_a, latest.withdrawn_a)
    )
    other_new = (
        (state.transferred_b, state.withdrawn_b)
        if is_a
        else (state.transferred_a, state.withdrawn_a)
    )
    if other_new[0] < other_old[0] or other_new[1] < other_old[1]:
        raise UnauthorisedStateChange("a transferred or withdrawn total went down")
    for lock in locks:
        if lock not in view.latest_locks and lock.expiry <= now:
            raise LockExpired(f"a new lock expires at {lock.expiry}, not after {now}")
    balances = compute_balances(
        totals.deposit_a, totals.deposit_b, state.withdrawn_a, state.withdrawn_b, state
    )
    if min(balances) < 0:
        raise NegativeBalance(f"the proposal pays {balances}")
    old_value = _compute_value(view, totals, latest, view.latest_locks, now)
    if _compute_value(view, totals, state, locks, now) < old_value:
        raise UnauthorisedStateChange("the proposal takes from this party")


def _own_revocation(view: PartyView, revoked_nonce: int) -> StateRevocation | None:
    if view.terms.mode != PENALTY_MODE:
        return None
    secret = compute_revocation_secret(view.revocation_seed, revoked_nonce)
    next_hash = compute_own_revocation_hash(view, revoked_nonce + 2)
    return StateRevocation(view.terms.channel_id, revoked_nonce, secret, next_hash)


def _accept_state(
    view: PartyView, signed: SignedChannelState, locks: tuple[Lock, ...]
) -> tuple[PartyView, StateRevocation | None]:
    previous = view.latest.state if view.latest is not None else None
    accepted = replace(
        view,
        latest=signed,
        latest_locks=locks,
        unrevoked=previous if view.terms.mode == PENALTY_MODE else None,
        pending=None,
        counterparty_next_revocation_hash=NO_REVOCATION_HASH,
    )
    # this party gives up the state it held before: it reveals that state's secret
    return accepted, _own_revocation(view, signed.state.nonce - 1)


def _sign_pair(
    view: PartyView, state: ChannelState, other: StateProposal | StateCountersignature
) -> SignedChannelState:
    own = sign_state(state, view.private_key)
    if view.address == view.terms.participant_a:
        return SignedChannelState(state, own, other.signature)
    return SignedChannelState(state, other.signature, own)


def receive_proposal(
    view: PartyView, proposal: StateProposal, totals: ChannelTotals, now: Seconds
) -> tuple[PartyView, StateCountersignature, StateRevocation | None]:
    """Validate and countersign a proposal; return the view, countersignature and revocation."""
    validate_proposal(view, proposal, totals, now)
    state = proposal.state
    signed = _sign_pair(view, state, proposal)
    own = signed.signature_a if view.address == view.terms.participant_a else signed.signature_b
    countersignature = StateCountersignature(state.channel_id, state.nonce, own)
    accepted, revocation = _accept_state(view, signed, proposal.locks)
    return accepted, countersignature, revocation


def receive_countersignature(
    view: PartyView, countersignature: StateCountersignature
) -> tuple[PartyView, StateRevocation | None]:
    """Accept the countersigned pending proposal; return the view and own revocation."""
    pending = view.pending
    if pending is None or (countersignature.channel_id, countersignature.nonce) != (
        pending.state.channel_id,
        pending.state.nonce,
    ):
        raise UnexpectedMessage("no proposal of this channel and nonce waits for a signature")
    state = pending.state
    if not verify_state_signature(state, countersignature.signature, get_counterparty(view)):
        raise InvalidStateSignature("the countersignature is not the counterparty's")
    if view.address == view.terms.participant_a:
        signed = SignedChannelState(state, pending.signature, countersignature.signature)
    else:
        signed = SignedChannelState(state, countersignature.signature, pending.signature)
    return _accept_state(view, signed, pending.locks)


def receive_revocation(view: PartyView, revocation: StateRevocation) -> PartyView:
    """Check and store the counterparty's secret for the previous state and its next hash."""
    if revocation.channel_id != view.terms.channel_id:
        raise WrongChannelId(f"the revocation is for channel 0x{revocation.channel_id.hex()}")
    if view.terms.mode != PENALTY_MODE or revocation.revoked_nonce != get_latest_nonce(view) - 1:
        raise UnexpectedMessage(f"no state of nonce {revocation.revoked_nonce} awaits revocation")
    if view.unrevoked is not None:
        state = view.unrevoked
        is_a = view.address == view.terms.participant_a
        expected = state.revocation_hash_b if is_a else state.revocation_hash_a
        if compute_revocation_hash(revocation.revocation_secret) != expected:
            raise PreimageMismatch("the secret does not hash to the revocation hash of the state")
    index = compute_commitment_index(revocation.revoked_nonce)
    store = insert_revocation_secret(view.counterparty_secrets, index, revocation.revocation_secret)
    return replace(
        view,
        unrevoked=None,
        counterparty_secrets=store,
        counterparty_next_revocation_hash=revocation.next_revocation_hash,
    )


def receive_secret_reveal(view: PartyView, reveal: SecretReveal) -> PartyView:
    """Record a lock secret; raise PreimageMismatch unless it opens a lock of the state."""
    if reveal.channel_id != view.terms.channel_id:
        raise WrongChannelId(f"the secret is for channel 0x{reveal.channel_id.hex()}")
    hashlock = compute_hashlock(reveal.secret)
    if all(lock.hashlock != hashlock for lock in view.latest_locks):
        raise PreimageMismatch("the secret opens no lock of the latest state")
    return replace(view, secrets=(*view.secrets, reveal.secret))


def create_cooperative_close_signature(
    view: PartyView, totals: ChannelTotals
) -> CooperativeCloseSignature:
    """Sign a close at the latest state's balances; raise if locks pend."""
    state = get_latest_state(view)
    if state.lock_count != 0:
        raise UnexpectedMessage("a channel with pending locks is not closed cooperatively")
    balance_a, balance_b = compute_balances(
        totals.deposit_a, totals.deposit_b, totals.withdrawn_a, totals.withdrawn_b, state
    )
    terms = view.terms
    close = CooperativeClose(
        terms.chain_id, terms.contract, terms.channel_id, Wei(balance_a), Wei(balance_b)
    )
    return CooperativeCloseSignature(close, sign_cooperative_close(close, view.private_key))


def receive_cooperative_close_signature(
    view: PartyView, signature: CooperativeCloseSignature, totals: ChannelTotals
) -> SignedCooperativeClose:
    """Return the doubly signed close if the counterparty's one matches."""
    own = create_cooperative_close_signature(view, totals)
    if signature.close != own.close:
        raise CloseBalanceMismatch("the counterparty closes with other balances")
    if not verify_cooperative_close_signature(
        own.close, signature.signature, get_counterparty(view)
    ):
        raise InvalidStateSignature("the close is not signed by the counterparty")
    if view.address == view.terms.participant_a:
        return SignedCooperativeClose(own.close, own.signature, signature.signature)
    return SignedCooperativeClose(own.close, signature.signature, own.signature)


def compute_event_topic(name: str, types: tuple[str, ...]) -> Hash32:
    """Return the log topic of an event: keccak256 of its signature `name(types)`."""
    return keccak256(format_function_signature(name, types).encode("ascii"))


def _find_event(
    logs: list[Log], name: str, types: tuple[str, ...], channel_id: Hash32
) -> list[tuple[AbiValue, ...]]:
    topic = compute_event_topic(name, types)
    found = []
    for log in logs:
        if log.topics == (topic,):
            values = decode_abi(types, log.data)
            if values[0] == channel_id:
                found.append(values)
    return found


def get_closing_view(local: LocalChain, view: PartyView) -> ClosingView | None:
    """Return the channel's closing read from the contract logs, or None if never closed."""
    terms = view.terms
    logs = get_logs(local, terms.contract)
    closed = _find_event(logs, "ChannelClosed", CHANNEL_CLOSED_EVENT_TYPES, terms.channel_id)
    if not closed:
        return None
    _, closer, settle_time, closing_value = closed[-1]
    closing_state = state_from_abi(terms.chain_id, terms.contract, closing_value)
    updates = _find_event(logs, "ChannelUpdated", CHANNEL_UPDATED_EVENT_TYPES, terms.channel_id)
    state = closing_state
    if updates:
        state = state_from_abi(terms.chain_id, terms.contract, updates[-1][2])
    status = abi_int(view_call(local, terms.contract, "getChannel", [terms.channel_id])[0])
    return ClosingView(
        status, Address(abi_bytes(closer)), Seconds(abi_int(settle_time)), state, closing_state
    )


def _send_state(
    local: LocalChain, view: PartyView, method: str, signed: SignedChannelState
) -> Hash32:
    arguments: list[AbiValue] = [
        view.terms.channel_id,
        state_to_abi(signed.state),
        encode_signature(signed.signature_a),
        encode_signature(signed.signature_b),
    ]
    return send_method_call(local, view.private_key, view.terms.contract, method, arguments)


def honest_party_close(local: LocalChain, view: PartyView) -> Hash32:
    """Send close with the latest co-signed state; return the transaction hash."""
    if view.latest is None:
        raise UnexpectedMessage("a channel is closed with a co-signed state; none exists yet")
    return _send_state(local, view, "close", view.latest)


def honest_party_withdraw(local: LocalChain, view: PartyView) -> Hash32:
    """Send withdraw with the latest co-signed state; return the transaction hash."""
    if view.latest is None:
        raise UnexpectedMessage("a withdrawal needs a co-signed state")
    return _send_state(local, view, "withdraw", view.latest)


def honest_party_cooperative_close(
    local: LocalChain, view: PartyView, signed: SignedCooperativeClose
) -> Hash32:
    """Send cooperativeClose with the doubly signed close; return the hash."""
    close = signed.close
    arguments: list[AbiValue] = [
        (close.channel_id, close.balance_a, close.balance_b),
        encode_signature(signed.signature_a),
        encode_signature(signed.signature_b),
    ]
    return send_method_call(
        local, view.private_key, view.terms.contract, "cooperativeClose", arguments
    )


def honest_party_respond_to_close(local: LocalChain, view: PartyView) -> Hash32 | None:
    """In the challenge period, punish a revoked close or update to a newer state."""
    closing = get_closing_view(local, view)
    if (
        closing is None
        or closing.status != CHANNEL_CLOSED
        or get_time(local) >= closing.settle_time
    ):
        return None
    terms = view.terms
    closed_nonce = closing.closing_state.nonce
    # penalty mode: a closer that used a state it revoked loses everything
    if (
        terms.mode == PENALTY_MODE
        and closing.closer != view.address
        and closed_nonce < get_latest_nonce(view)
    ):
        index = compute_commitment_index(closed_nonce)
        # the store holds every index above the one it expects next
        if index > view.counterparty_secrets.next_index:
            secret = get_revocation_secret(view.counterparty_secrets, index)
            return send_method_call(
                local, view.private_key, terms.contract, "punish", [terms.channel_id, secret]
            )
    if view.latest is not None and closing.state.nonce < view.latest.state.nonce:
        return _send_state(local, view, "update", view.latest)
    return None


def honest_party_settle(local: LocalChain, view: PartyView) -> Hash32 | None:
    """Send settle with the held state once the challenge period is over; else None."""
    closing = get_closing_view(local, view)
    if closing is None or closing.status != CHANNEL_CLOSED or get_time(local) < closing.settle_time:
        return None
    arguments: list[AbiValue] = [view.terms.channel_id, state_to_abi(closing.state)]
    return send_method_call(local, view.private_key, view.terms.contract, "settle", arguments)


def honest_party_register_secrets(
    local: LocalChain, view: PartyView, registry: Address
) -> list[Hash32]:
    """Register known secrets of live, unregistered incoming locks; return tx hashes."""
    sent = []
    for lock in view.latest_locks:
        # a lock to this party, still live, whose secret it knows and nobody registered yet
        if lock.sender == view.address or get_time(local) >= lock.expiry:
            continue
        for secret in view.secrets:
            if compute_hashlock(secret) != lock.hashlock:
                continue
            registered = view_call(local, registry, "getSecretRegistrationTime", [lock.hashlock])
            if abi_int(registered[0]) == 0:
                sent.append(
                    send_method_call(local, view.private_key, registry, "registerSecret", [secret])
                )
    return sent


def _is_lock_resolvable(local: LocalChain, registry: Address, lock: Lock) -> bool:
    registered_at = abi_int(
        view_call(local, registry, "getSecretRegistrationTime", [lock.hashlock])[0]
    )
    # the next block is later than now: a lock that expires now has expired by then
    return 0 < registered_at <= lock.expiry or get_time(local) >= lock.expiry


def honest_party_unlock(local: LocalChain, view: PartyView, registry: Address) -> list[Hash32]:
    """Once settled, send unlock for every resolvable unresolved lock; return tx hashes."""
    closing = get_closing_view(local, view)
    if closing is None or closing.status != CHANNEL_SETTLED:
        return []
    if closing.state.locks_root != compute_locks_root(view.latest_locks):
        return []
    terms = view.terms
    logs = get_logs(local, terms.contract)
    resolved = {
        abi_int(values[1])
        for values in _find_event(logs, "LockResolved", LOCK_RESOLVED_EVENT_TYPES, terms.channel_id)
    }
    sent = []
    for index, lock in enumerate(view.latest_locks):
        if index in resolved or not _is_lock_resolvable(local, registry, lock):
            continue
        proof = encode_merkle_proof(compute_lock_proof(view.latest_locks, index))
        arguments: list[AbiValue] = [terms.channel_id, index, lock_to_abi(lock), proof]
        sent.append(send_method_call(local, view.private_key, terms.contract, "unlock", arguments))
    return sent
