"""The L1 model: transactions applied per second by state_transition, for plain transfers and
for contract calls, with the time split by cost centre (signature recovery, hashing of the
transaction and receipt lists, the state root, contract execution).

There is no other implementation of this model to compare with; the split is the map for
optimising it, and the figures set the scale of every protocol scenario.

Run: .venv/bin/python -m bench.bench_l1
"""

from __future__ import annotations

import cProfile
import pstats
import time
from collections.abc import Callable

from bench.common import machine
from l2ref.crypto.hash import keccak256
from l2ref.crypto.secp256k1 import PrivateKey
from l2ref.l1.chain import Block, ChainConfig, state_transition
from l2ref.l1.driver import (
    LocalChain,
    build_block,
    compute_account_address,
    get_time,
    mine_block,
    new_local_chain,
    send_deployment,
    send_method_call,
    send_transaction,
)
from l2ref.l1.escrow import ESCROW_CONTRACT, ESCROW_CONTRACT_NAME
from l2ref.l1.gas import BLOCK_GAS_LIMIT
from l2ref.l1.types import ChainId, Gas, Seconds, Wei
from l2ref.types import Address

TRANSACTIONS = 200
SENDERS = 20
ROUNDS = 3
GENESIS_TIME = Seconds(1_700_000_000)
CONFIG = ChainConfig(ChainId(1), {ESCROW_CONTRACT_NAME: ESCROW_CONTRACT}, Gas(BLOCK_GAS_LIMIT))
KEYS = [PrivateKey(keccak256(f"bench sender {i}".encode())) for i in range(SENDERS)]
ADDRESSES = [compute_account_address(key) for key in KEYS]

# function name (as cProfile reports it) -> cost centre
CENTRES = {
    "recover_sender": "signature recovery",
    "compute_transactions_root": "transactions root",
    "compute_receipts_root": "receipts root",
    "compute_state_root": "state root",
    "run_method": "contract execution",
}


def _chain() -> LocalChain:
    allocations = {address: Wei(10**24) for address in ADDRESSES}
    return new_local_chain(CONFIG, allocations, GENESIS_TIME, ADDRESSES[0])


def _transfer_setup() -> tuple[Callable[[], LocalChain], Block]:
    local = _chain()
    for index in range(TRANSACTIONS):
        recipient = ADDRESSES[(index + 1) % SENDERS]
        send_transaction(local, KEYS[index % SENDERS], recipient, Wei(index + 1), b"")
    return _chain, _next_block(local)


def _escrow_chain() -> LocalChain:
    local = _chain()
    send_deployment(local, KEYS[0], ESCROW_CONTRACT_NAME, [])
    mine_block(local)
    return local


def _call_setup() -> tuple[Callable[[], LocalChain], Block]:
    local = _escrow_chain()
    escrow = _escrow_address(local)
    for index in range(TRANSACTIONS):
        beneficiary = ADDRESSES[(index + 1) % SENDERS]
        send_method_call(
            local, KEYS[index % SENDERS], escrow, "deposit", [beneficiary, 0], value=Wei(index + 1)
        )
    return _escrow_chain, _next_block(local)


def _escrow_address(local: LocalChain) -> Address:
    return next(a for a, account in local.chain.state.accounts.items() if account.code)


def _next_block(local: LocalChain) -> Block:
    timestamp = Seconds(get_time(local) + 12)
    local.chain.clock = timestamp
    return build_block(local, timestamp)


def _measure(label: str, setup: tuple[Callable[[], LocalChain], Block]) -> list[str]:
    fresh, block = setup
    count = len(block.transactions)
    best = float("inf")
    for _ in range(ROUNDS):
        local = fresh()
        local.chain.clock = block.header.timestamp
        start = time.perf_counter()
        state_transition(local.chain, block)
        best = min(best, time.perf_counter() - start)
    local = fresh()
    local.chain.clock = block.header.timestamp
    profile = cProfile.Profile()
    profile.runcall(state_transition, local.chain, block)
    stats = pstats.Stats(profile)
    total = sum(row[3] for key, row in stats.stats.items() if key[2] == "state_transition")  # type: ignore[attr-defined]
    lines = [
        f"**{label}**: a block of {count} transactions applied in {best * 1000:,.0f} ms, "
        f"{count / best:,.0f} transactions per second ({best / count * 1000:.2f} ms each).",
        "",
        "| cost centre | share of state_transition (cProfile) |",
        "| --- | ---: |",
    ]
    for function, centre in CENTRES.items():
        seconds = sum(
            row[3]
            for key, row in stats.stats.items()  # type: ignore[attr-defined]
            if key[2] == function
        )
        if seconds:
            lines.append(f"| {centre} (`{function}`) | {seconds / total:.0%} |")
    return lines


def main() -> None:
    print(f"Machine: {machine()}")
    print()
    for line in _measure("plain transfers", _transfer_setup()):
        print(line)
    print()
    for line in _measure("escrow deposits (contract calls)", _call_setup()):
        print(line)


if __name__ == "__main__":
    main()
