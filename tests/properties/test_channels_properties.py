"""Properties of channels: random off-chain payments followed by a random ending conserve ether
and pay each party its latest co-signed balance (I-CH-1, I-CH-2, I-CH-4); honest rounds never
take from the responder (I-CH-14); decoders raise only DecodingError (I-CH-13)."""

from __future__ import annotations

from channel_helpers import (
    ALICE_ADDRESS,
    BOB_ADDRESS,
    CAROL,
    DAY,
    ETHER,
    balance_of,
    call,
    complete_round,
    get_totals,
    new_setup,
    open_channel,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from l2ref.channels.protocol import (
    PartyView,
    _compute_value,
    create_cooperative_close_signature,
    get_latest_state,
    honest_party_close,
    honest_party_cooperative_close,
    honest_party_respond_to_close,
    honest_party_settle,
    propose_lock,
    propose_lock_removal,
    propose_payment,
    propose_withdrawal,
    receive_cooperative_close_signature,
)
from l2ref.channels.states import (
    NONCE_MODE,
    PENALTY_MODE,
    DisputeMode,
    compute_balances,
    compute_hashlock,
    decode_message,
    encode_message,
)
from l2ref.encoding.abi import AbiValue
from l2ref.errors import DecodingError, L2RefError
from l2ref.l1.driver import LocalChain, advance_time, get_receipt, get_time, mine_block
from l2ref.l1.types import Seconds, Wei
from l2ref.types import Address, Hash32

# an action: (who proposes: 0 Alice, 1 Bob, what: 0 pay, 1 withdraw, amount in tenths of ether)
actions = st.lists(
    st.tuples(st.integers(0, 1), st.integers(0, 1), st.integers(0, 30)), min_size=1, max_size=8
)
endings = st.sampled_from(["cooperative", "close_latest", "stale_close"])


def _total_ether(local: LocalChain) -> int:
    return sum(account.balance for account in local.chain.state.accounts.values())


def _apply(views: list[PartyView], who: int, what: int, amount: int, local: LocalChain) -> None:
    """One honest round, if the proposer can afford it."""
    proposer, responder = views[who], views[1 - who]
    totals = get_totals(local, proposer.terms)
    state = proposer.latest.state if proposer.latest else None
    if state is None:
        return
    balances = compute_balances(
        totals.deposit_a, totals.deposit_b, state.withdrawn_a, state.withdrawn_b, state
    )
    if amount > balances[who] or (what == 1 and amount == 0):
        return
    if what == 0:
        proposer, proposal = propose_payment(proposer, Wei(amount))
    else:
        proposer, proposal = propose_withdrawal(proposer, Wei(amount))
    proposer, responder = complete_round(proposer, responder, proposal, local)
    views[who], views[1 - who] = proposer, responder
    if what == 1:
        # a withdrawal is taken out on L1 at once
        receipt = call(
            local, CAROL, proposer.terms.contract, "withdraw", _state_arguments(proposer)
        )
        assert receipt.succeeded, receipt.error


def _state_arguments(view: PartyView) -> list[AbiValue]:
    from l2ref.channels.states import state_to_abi
    from l2ref.crypto.secp256k1 import encode_signature

    assert view.latest is not None
    return [
        view.terms.channel_id,
        state_to_abi(view.latest.state),
        encode_signature(view.latest.signature_a),
        encode_signature(view.latest.signature_b),
    ]


def _paid(
    local: LocalChain, before: dict[Address, int], address: Address, transactions: list[Hash32]
) -> int:
    gas = sum(get_receipt(local, t).gas_used for t in transactions)
    return balance_of(local, address) - before[address] + gas


@settings(max_examples=25)
@given(st.sampled_from([NONCE_MODE, PENALTY_MODE]), actions, endings, st.integers(0, 1))
def test_random_payments_then_an_ending_pay_the_latest_balances(
    mode: int, steps: list[tuple[int, int, int]], ending: str, cheater: int
) -> None:
    setup = new_setup()
    local = setup.local
    total_before = _total_ether(local)
    terms, alice, bob = open_channel(setup, DisputeMode(mode))
    views = [alice, bob]
    stale = list(views)
    for who, what, tenths in steps:
        stale = list(views)
        _apply(views, who, what, tenths * ETHER // 10, local)
    latest = views[0].latest
    assert latest is not None
    totals = get_totals(local, terms)
    expected = compute_balances(
        totals.deposit_a, totals.deposit_b, totals.withdrawn_a, totals.withdrawn_b, latest.state
    )
    addresses = (ALICE_ADDRESS, BOB_ADDRESS)
    before = {address: balance_of(local, address) for address in addresses}
    sent: dict[Address, list[Hash32]] = {address: [] for address in addresses}
    cheated = False
    if ending == "cooperative":
        signed = receive_cooperative_close_signature(
            views[0], create_cooperative_close_signature(views[1], totals), totals
        )
        sent[ALICE_ADDRESS].append(honest_party_cooperative_close(local, views[0], signed))
        mine_block(local)
    else:
        closer, honest = cheater, 1 - cheater
        closing_view = stale[closer] if ending == "stale_close" else views[closer]
        closing = honest_party_close(local, closing_view)
        sent[addresses[closer]].append(closing)
        mine_block(local)
        cheated = get_receipt(local, closing).succeeded and closing_view.latest != latest
        if not get_receipt(local, closing).succeeded:
            # the stale state pays more than is left after a later withdrawal: refused
            sent[addresses[honest]].append(honest_party_close(local, views[honest]))
            mine_block(local)
        response = honest_party_respond_to_close(local, views[honest])
        if response is not None:
            sent[addresses[honest]].append(response)
            mine_block(local)
        advance_time(local, DAY)
        settlement = honest_party_settle(local, views[honest])
        if settlement is not None:
            sent[addresses[honest]].append(settlement)
            mine_block(local)
    paid = [_paid(local, before, address, sent[address]) for address in addresses]
    cheated = ending == "stale_close" and cheated
    # I-CH-1: nothing is created or lost; the channel is empty
    assert _total_ether(local) == total_before
    assert balance_of(local, setup.contract) == 0
    assert sum(paid) == sum(expected)
    if cheated and mode == PENALTY_MODE:
        # I-CH-4: the cheater gets nothing, the honest side everything
        assert paid[cheater] == 0
    elif cheated:
        # I-CH-2: the honest side gets at least its latest balance
        assert paid[1 - cheater] >= expected[1 - cheater]
    else:
        assert paid == list(expected)


lock_actions = st.lists(
    st.tuples(st.integers(0, 1), st.integers(0, 3), st.integers(1, 20)), min_size=1, max_size=10
)


@settings(max_examples=10)
@given(lock_actions)
def test_i_ch_14_honest_rounds_never_take_from_the_responder(
    steps: list[tuple[int, int, int]],
) -> None:
    setup = new_setup()
    local = setup.local
    _, alice, bob = open_channel(setup, NONCE_MODE)
    views = [alice, bob]
    for who, what, tenths in steps:
        proposer, responder = views[who], views[1 - who]
        now = get_time(local)
        totals = get_totals(local, proposer.terms)
        amount = Wei(tenths * ETHER // 10)
        own = [i for i, lock in enumerate(proposer.latest_locks) if lock.sender == proposer.address]
        try:
            if what == 0:
                proposer, proposal = propose_payment(proposer, amount)
            elif what == 1:
                secret = Hash32(bytes([len(proposer.latest_locks)]) * 32)
                expiry = Seconds(now + DAY)
                proposer, proposal = propose_lock(
                    proposer, amount, compute_hashlock(secret), expiry
                )
            elif what == 2 and own:
                proposer, proposal = propose_lock_removal(proposer, own[0], paid=True)
            else:
                continue
        except L2RefError:  # a proposal the proposer cannot make here
            continue
        state = proposal.state
        balances = compute_balances(
            totals.deposit_a, totals.deposit_b, state.withdrawn_a, state.withdrawn_b, state
        )
        if min(balances) < 0:
            continue
        before = get_latest_state(responder)
        value_before = _compute_value(responder, totals, before, responder.latest_locks, now)
        proposer, responder = complete_round(proposer, responder, proposal, local)
        after = get_latest_state(responder)
        value_after = _compute_value(responder, totals, after, responder.latest_locks, now)
        assert value_after >= value_before
        views[who], views[1 - who] = proposer, responder


@settings(max_examples=300)
@given(st.binary(max_size=600))
def test_i_ch_13_decode_message_raises_only_decoding_errors(data: bytes) -> None:
    try:
        message = decode_message(data)
    except DecodingError:
        return
    assert encode_message(message) == data


@settings(max_examples=200)
@given(
    st.integers(1, 6),
    st.binary(min_size=32, max_size=32),
    st.lists(st.binary(min_size=1, max_size=40), max_size=5),
)
def test_i_ch_13_structured_garbage_raises_only_decoding_errors(
    message_type: int, word: bytes, chunks: list[bytes]
) -> None:
    data = message_type.to_bytes(32, "big") + word + b"".join(chunks)
    try:
        message = decode_message(data)
    except DecodingError:
        return
    assert encode_message(message) == data
