"""Shared set-up for the optimistic rollup tests: an L1 with the rollup contract deployed, keys, and
helpers to sign L2 transactions and to run the honest actors."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from l2ref.crypto.hash import keccak256
from l2ref.crypto.secp256k1 import PrivateKey
from l2ref.encoding.abi import AbiValue
from l2ref.l1.chain import ChainConfig, Receipt
from l2ref.l1.driver import (
    LocalChain,
    compute_account_address,
    get_receipt,
    mine_block,
    new_local_chain,
    send_deployment,
    send_method_call,
)
from l2ref.l1.gas import BLOCK_GAS_LIMIT
from l2ref.l1.types import ChainId, Gas, Seconds, Wei
from l2ref.optimistic.contracts import OPTIMISTIC_ROLLUP_CONTRACT, ROLLUP_CONTRACT_NAME
from l2ref.optimistic.derivation import L2Chain, derive_l2_chain
from l2ref.optimistic.l2_state import (
    L2_TRANSFER_TYPE,
    L2_WITHDRAWAL_TYPE,
    L2Transaction,
    SignedL2Transaction,
    get_l2_account,
    sign_l2_transaction,
)
from l2ref.types import Address

L1_CHAIN_ID = ChainId(1337)
L2_CHAIN_ID = ChainId(901)
GENESIS_TIME = Seconds(1_700_000_000)
ETHER = 10**18


def key(label: str) -> PrivateKey:
    return PrivateKey(keccak256(label.encode()))


ALICE = key("alice")
BOB = key("bob")
CAROL = key("carol")
SEQUENCER = key("sequencer")
PROPOSER = key("proposer")
CHALLENGER = key("challenger")
ALICE_ADDRESS = compute_account_address(ALICE)
BOB_ADDRESS = compute_account_address(BOB)
CAROL_ADDRESS = compute_account_address(CAROL)
SEQUENCER_ADDRESS = compute_account_address(SEQUENCER)
PROPOSER_ADDRESS = compute_account_address(PROPOSER)
CHALLENGER_ADDRESS = compute_account_address(CHALLENGER)
FEE_RECIPIENT = Address(bytes.fromhex("00" * 19 + "fe"))

CONFIG = ChainConfig(
    chain_id=L1_CHAIN_ID,
    contracts={ROLLUP_CONTRACT_NAME: OPTIMISTIC_ROLLUP_CONTRACT},
    block_gas_limit=Gas(BLOCK_GAS_LIMIT),
)


@dataclass
class Rollup:
    local: LocalChain
    address: Address


def new_rollup(
    config: ChainConfig = CONFIG,
    contract_name: str = ROLLUP_CONTRACT_NAME,
    challenger: Address = CHALLENGER_ADDRESS,
) -> Rollup:
    """A chain with every test account funded and a rollup deployed by the sequencer."""
    allocations = {
        address: Wei(100 * ETHER)
        for address in (
            ALICE_ADDRESS,
            BOB_ADDRESS,
            CAROL_ADDRESS,
            SEQUENCER_ADDRESS,
            PROPOSER_ADDRESS,
            CHALLENGER_ADDRESS,
        )
    }
    local = new_local_chain(config, allocations, GENESIS_TIME, FEE_RECIPIENT)
    address = send_deployment(
        local, SEQUENCER, contract_name, [SEQUENCER_ADDRESS, challenger, L2_CHAIN_ID]
    )
    mine_block(local)
    return Rollup(local, address)


def l2_transfer(
    private_key: PrivateKey, nonce: int, to: Address, value: int, chain_id: int = L2_CHAIN_ID
) -> SignedL2Transaction:
    transaction = L2Transaction(L2_TRANSFER_TYPE, ChainId(chain_id), nonce, to, Wei(value))
    return sign_l2_transaction(transaction, private_key)


def l2_withdrawal(
    private_key: PrivateKey, nonce: int, l1_recipient: Address, value: int
) -> SignedL2Transaction:
    transaction = L2Transaction(L2_WITHDRAWAL_TYPE, L2_CHAIN_ID, nonce, l1_recipient, Wei(value))
    return sign_l2_transaction(transaction, private_key)


def deposit(rollup: Rollup, private_key: PrivateKey, recipient: Address, value: int) -> None:
    send_method_call(
        rollup.local, private_key, rollup.address, "deposit", [recipient], value=Wei(value)
    )


def derive(rollup: Rollup) -> L2Chain:
    return derive_l2_chain(rollup.local.chain, rollup.address)


def l2_balance(chain: L2Chain, address: Address) -> int:
    return get_l2_account(chain.state, address).balance


def call(
    rollup: Rollup,
    private_key: PrivateKey,
    method: str,
    arguments: Sequence[AbiValue],
    value: int = 0,
) -> Receipt:
    """Send one call to the rollup contract, mine it, and return its receipt."""
    transaction_hash = send_method_call(
        rollup.local, private_key, rollup.address, method, arguments, value=Wei(value)
    )
    mine_block(rollup.local)
    return get_receipt(rollup.local, transaction_hash)


# the L1 censorship (in blocks) of the rows of the spec's latency tables
CENSORED_BLOCKS = (0, 299, 7_199)
SPECS = Path(__file__).resolve().parents[1] / "specs"


def read_spec_table(spec: str, header: str) -> str:
    """The Markdown table of `specs/<spec>` that starts with the line prefix `header`, its links
    written as their text (the generated tables never link)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", (SPECS / spec).read_text())
    start = text.index(header)
    end = text.index("\n\n", start)
    return text[start:end]


def format_hours(seconds: int) -> str:
    """A duration as the spec's tables write it: `24 h` or `26 h 30 min`."""
    hours, minutes = seconds // 3600, seconds % 3600 // 60
    return f"{hours:,} h {minutes} min" if minutes else f"{hours:,} h"
