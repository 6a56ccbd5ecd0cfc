"""Shared set-up for the channel tests: a chain with the channel contract and the secret
registry, channels opened and funded, and complete off-chain rounds between two parties."""

from __future__ import annotations

from dataclasses import dataclass

from l2ref.channels.contract import (
    CHANNEL_CONTRACT,
    CHANNEL_CONTRACT_NAME,
    SECRET_REGISTRY_CONTRACT,
    SECRET_REGISTRY_CONTRACT_NAME,
    ChannelTotals,
)
from l2ref.channels.protocol import (
    ChannelTerms,
    PartyView,
    create_revocation_hash_offer,
    new_party_view,
    propose_payment,
    receive_countersignature,
    receive_proposal,
    receive_revocation,
    receive_revocation_hash_offer,
)
from l2ref.channels.states import NONCE_MODE, PENALTY_MODE, DisputeMode, StateProposal
from l2ref.crypto.hash import keccak256
from l2ref.crypto.secp256k1 import PrivateKey
from l2ref.encoding.abi import AbiValue, abi_int
from l2ref.l1.chain import ChainConfig, Receipt
from l2ref.l1.driver import (
    LocalChain,
    compute_account_address,
    get_receipt,
    get_time,
    mine_block,
    new_local_chain,
    send_deployment,
    send_method_call,
    view_call,
)
from l2ref.l1.gas import BLOCK_GAS_LIMIT
from l2ref.l1.types import ChainId, Gas, Seconds, Wei
from l2ref.types import Address, Hash32

CHAIN_ID = ChainId(1337)
GENESIS_TIME = Seconds(1_700_000_000)
ETHER = 10**18
DAY = 86_400


def key(label: str) -> PrivateKey:
    return PrivateKey(keccak256(label.encode()))


ALICE = key("alice")
BOB = key("bob")
CAROL = key("carol")
ALICE_ADDRESS = compute_account_address(ALICE)
BOB_ADDRESS = compute_account_address(BOB)
CAROL_ADDRESS = compute_account_address(CAROL)
PROPOSER = Address(bytes(19) + b"\xfe")
SEED_A = Hash32(keccak256(b"alice revocation seed"))
SEED_B = Hash32(keccak256(b"bob revocation seed"))

CONFIG = ChainConfig(
    CHAIN_ID,
    {
        CHANNEL_CONTRACT_NAME: CHANNEL_CONTRACT,
        SECRET_REGISTRY_CONTRACT_NAME: SECRET_REGISTRY_CONTRACT,
    },
    Gas(BLOCK_GAS_LIMIT),
)


@dataclass
class Setup:
    local: LocalChain
    registry: Address
    contract: Address


def new_setup() -> Setup:
    allocations = {
        ALICE_ADDRESS: Wei(1_000 * ETHER),
        BOB_ADDRESS: Wei(1_000 * ETHER),
        CAROL_ADDRESS: Wei(1_000 * ETHER),
    }
    local = new_local_chain(CONFIG, allocations, GENESIS_TIME, PROPOSER)
    registry = send_deployment(local, CAROL, SECRET_REGISTRY_CONTRACT_NAME, [])
    mine_block(local)
    contract = send_deployment(local, CAROL, CHANNEL_CONTRACT_NAME, [registry])
    mine_block(local)
    return Setup(local, registry, contract)


def call(
    local: LocalChain,
    private_key: PrivateKey,
    contract: Address,
    method: str,
    arguments: list[AbiValue],
    *,
    value: int = 0,
) -> Receipt:
    """Send one call, mine it in a block of its own and return its receipt."""
    transaction = send_method_call(
        local, private_key, contract, method, arguments, value=Wei(value)
    )
    mine_block(local)
    return get_receipt(local, transaction)


def get_totals(local: LocalChain, terms: ChannelTerms) -> ChannelTotals:
    values = view_call(local, terms.contract, "getChannel", [terms.channel_id])
    deposit_a, deposit_b, withdrawn_a, withdrawn_b = (abi_int(v) for v in values[5:9])
    return ChannelTotals(Wei(deposit_a), Wei(deposit_b), Wei(withdrawn_a), Wei(withdrawn_b))


def complete_round(
    proposer: PartyView, responder: PartyView, proposal: StateProposal, local: LocalChain
) -> tuple[PartyView, PartyView]:
    """Propose -> countersign (with the responder's revocation) -> the proposer's revocation."""
    totals = get_totals(local, responder.terms)
    responder, countersignature, responder_revocation = receive_proposal(
        responder, proposal, totals, get_time(local)
    )
    proposer, proposer_revocation = receive_countersignature(proposer, countersignature)
    if responder_revocation is not None and proposer_revocation is not None:
        proposer = receive_revocation(proposer, responder_revocation)
        responder = receive_revocation(responder, proposer_revocation)
    return proposer, responder


def pay(
    payer: PartyView, payee: PartyView, amount: int, local: LocalChain
) -> tuple[PartyView, PartyView]:
    payer, proposal = propose_payment(payer, Wei(amount))
    return complete_round(payer, payee, proposal, local)


def open_channel(
    setup: Setup,
    mode: DisputeMode = NONCE_MODE,
    *,
    deposit_a: int = 10 * ETHER,
    deposit_b: int = 5 * ETHER,
    period: int = DAY,
    label: str = "channel",
) -> tuple[ChannelTerms, PartyView, PartyView]:
    """Open a channel of Alice (A) and Bob (B), sign state 1 (nothing moved), then deposit."""
    local = setup.local
    channel_id = Hash32(keccak256(label.encode()))
    terms = ChannelTerms(
        CHAIN_ID, setup.contract, channel_id, ALICE_ADDRESS, BOB_ADDRESS, mode, Seconds(period)
    )
    receipt = call(local, ALICE, setup.contract, "open", [channel_id, BOB_ADDRESS, mode, period])
    if not receipt.succeeded:
        raise AssertionError(receipt.error)
    alice = new_party_view(terms, ALICE, SEED_A)
    bob = new_party_view(terms, BOB, SEED_B)
    if mode == PENALTY_MODE:
        bob = receive_revocation_hash_offer(bob, create_revocation_hash_offer(alice))
        alice = receive_revocation_hash_offer(alice, create_revocation_hash_offer(bob))
    alice, bob = pay(alice, bob, 0, local)
    for private_key, amount in ((ALICE, deposit_a), (BOB, deposit_b)):
        if amount:
            arguments: list[AbiValue] = [channel_id, amount]
            receipt = call(local, private_key, setup.contract, "deposit", arguments, value=amount)
            if not receipt.succeeded:
                raise AssertionError(receipt.error)
    return terms, alice, bob


def balance_of(local: LocalChain, address: Address) -> int:
    return (
        local.chain.state.accounts[address].balance if address in local.chain.state.accounts else 0
    )
