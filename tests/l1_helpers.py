"""Shared set-up for the L1 tests: keys, a chain with the example escrow, block tampering."""

from __future__ import annotations

from dataclasses import replace

from l2ref.crypto.hash import keccak256
from l2ref.crypto.secp256k1 import PrivateKey
from l2ref.l1.chain import (
    Block,
    ChainConfig,
    compute_transactions_root,
)
from l2ref.l1.driver import LocalChain, compute_account_address, new_local_chain
from l2ref.l1.escrow import ESCROW_CONTRACT, ESCROW_CONTRACT_NAME
from l2ref.l1.gas import BLOCK_GAS_LIMIT
from l2ref.l1.transactions import SignedTransaction
from l2ref.l1.types import ChainId, Gas, Seconds, Wei
from l2ref.types import Address

CHAIN_ID = ChainId(1337)
GENESIS_TIME = Seconds(1_700_000_000)
ETHER = 10**18


def key(label: str) -> PrivateKey:
    return PrivateKey(keccak256(label.encode()))


ALICE = key("alice")
BOB = key("bob")
CAROL = key("carol")
ALICE_ADDRESS = compute_account_address(ALICE)
BOB_ADDRESS = compute_account_address(BOB)
CAROL_ADDRESS = compute_account_address(CAROL)
PROPOSER = Address(bytes.fromhex("00" * 19 + "fe"))

CONFIG = ChainConfig(
    chain_id=CHAIN_ID,
    contracts={ESCROW_CONTRACT_NAME: ESCROW_CONTRACT},
    block_gas_limit=Gas(BLOCK_GAS_LIMIT),
)


def new_chain() -> LocalChain:
    allocations = {ALICE_ADDRESS: Wei(100 * ETHER), BOB_ADDRESS: Wei(5 * ETHER)}
    return new_local_chain(CONFIG, allocations, GENESIS_TIME, PROPOSER)


def with_transactions(block: Block, transactions: tuple[SignedTransaction, ...]) -> Block:
    """The block with other transactions and a matching transactions root."""
    header = replace(block.header, transactions_root=compute_transactions_root(transactions))
    return Block(header, transactions)


def total_ether(local: LocalChain) -> int:
    return sum(account.balance for account in local.chain.state.accounts.values())
