"""The cost and latency tables of specs/optimistic/contracts.md, recomputed: the figures in the spec
are measured from the L1 model's receipts here, so they cannot drift.

Run `.venv/bin/python tests/test_optimistic_costs.py` to print the tables."""

from __future__ import annotations

import re
import zlib

import pytest
from optimistic_helpers import (
    ALICE,
    ALICE_ADDRESS,
    BOB,
    BOB_ADDRESS,
    CENSORED_BLOCKS,
    CHALLENGER,
    PROPOSER,
    SEQUENCER,
    SPECS,
    Rollup,
    deposit,
    derive,
    format_hours,
    key,
    l2_transfer,
    l2_withdrawal,
    new_rollup,
    read_spec_table,
)

from l2ref.crypto.smt import encode_smt_proof
from l2ref.encoding.abi import AbiValue
from l2ref.l1.driver import (
    SECONDS_PER_BLOCK,
    advance_time,
    compute_account_address,
    get_receipt,
    mine_block,
    send_method_call,
)
from l2ref.l1.types import Wei
from l2ref.optimistic.batches import (
    BATCH_VERSION_DEFLATE,
    BATCH_VERSION_UNCOMPRESSED,
    encode_batch,
)
from l2ref.optimistic.contracts import (
    CHALLENGE_WINDOW_SECONDS,
    FORCE_INCLUSION_WINDOW_SECONDS,
    OUTPUT_BOND_WEI,
    compute_worst_case_inclusion_seconds,
    compute_worst_case_withdrawal_seconds,
    output_root_proof_to_abi,
    withdrawal_to_abi,
)
from l2ref.optimistic.derivation import (
    compute_withdrawal_proof_at,
    get_l2_output_root,
    get_l2_output_root_proof,
)
from l2ref.optimistic.l2_state import (
    SignedL2Transaction,
    Withdrawal,
    compute_withdrawal_hash,
    encode_signed_l2_transaction,
)
from l2ref.types import Hash32

SPEC = "optimistic/contracts.md"
# the compressed sizes are those of this zlib; another zlib (zlib-ng) compresses differently
MEASURED_ZLIB_VERSION = "1.2.13"
USERS = [key(f"user{i}") for i in range(16)]
USER_ADDRESSES = [compute_account_address(user) for user in USERS]
BATCH_SIZES = (1, 10, 100)


def measured_transactions(count: int) -> list[SignedL2Transaction]:
    """`count` transfers among 16 users: sender i mod 16, recipient 7i + 3 mod 16, value
    (i + 1) milliether, each sender's nonces counting up from 0."""
    nonces = [0] * len(USERS)
    transactions: list[SignedL2Transaction] = []
    for i in range(count):
        sender = i % len(USERS)
        recipient = USER_ADDRESSES[(7 * i + 3) % len(USERS)]
        transactions.append(l2_transfer(USERS[sender], nonces[sender], recipient, (i + 1) * 10**15))
        nonces[sender] += 1
    return transactions


def _gas(rollup: Rollup, method: str, arguments: list[AbiValue], value: int = 0) -> int:
    transaction_hash = send_method_call(
        rollup.local, SEQUENCER, rollup.address, method, arguments, value=Wei(value)
    )
    mine_block(rollup.local)
    receipt = get_receipt(rollup.local, transaction_hash)
    assert receipt.succeeded, receipt.error
    return receipt.gas_used


def measure_batch(count: int, version: int) -> tuple[int, int]:
    """(batch bytes, gas of appendBatch) for `count` transfers, after a first (empty) batch has
    created the inbox record: the steady state."""
    rollup = new_rollup()
    _gas(rollup, "appendBatch", [b"", 0])
    data = encode_batch(measured_transactions(count), version)
    return len(data), _gas(rollup, "appendBatch", [data, 0])


def batch_table() -> str:
    lines = [
        "| L2 transactions per batch | Version | Batch bytes | L1 gas of `appendBatch` "
        "| L1 gas per L2 transaction |",
        "| --- | --- | --- | --- | --- |",
    ]
    for count in BATCH_SIZES:
        for version in (BATCH_VERSION_UNCOMPRESSED, BATCH_VERSION_DEFLATE):
            size, gas = measure_batch(count, version)
            lines.append(f"| {count} | `0x{version:02x}` | {size:,} | {gas:,} | {gas // count:,} |")
    return "\n".join(lines)


def operation_gas() -> dict[str, int]:
    """The gas of each other operation, in one run: deposit, queue, force, propose, resolve,
    withdraw."""
    rollup = new_rollup()
    local = rollup.local
    gas: dict[str, int] = {}

    def sent(name: str, transaction_hash: Hash32) -> None:
        mine_block(local)
        receipt = get_receipt(local, transaction_hash)
        assert receipt.succeeded, (name, receipt.error)
        gas[name] = receipt.gas_used

    _gas(rollup, "appendBatch", [b"", 0])
    deposit(rollup, ALICE, ALICE_ADDRESS, 10**18)
    mine_block(local)
    deposit(rollup, ALICE, ALICE_ADDRESS, 10**18)
    mine_block(local)
    sent(
        "`deposit` (not the first)",
        send_method_call(
            local, ALICE, rollup.address, "deposit", [ALICE_ADDRESS], value=Wei(10**18)
        ),
    )
    withdrawal = l2_withdrawal(ALICE, 0, BOB_ADDRESS, 10**17)
    queued = encode_signed_l2_transaction(l2_transfer(ALICE, 1, BOB_ADDRESS, 1))
    sent(
        "`enqueueTransaction` (a 194-byte transfer)",
        send_method_call(local, ALICE, rollup.address, "enqueueTransaction", [queued]),
    )
    _gas(rollup, "appendBatch", [encode_batch([withdrawal], BATCH_VERSION_UNCOMPRESSED), 3])
    advance_time(local, FORCE_INCLUSION_WINDOW_SECONDS)
    sent(
        "`forceInclude`",
        send_method_call(local, CHALLENGER, rollup.address, "forceInclude", [4]),
    )
    chain = derive(rollup)
    number = len(chain.blocks) - 1
    root = get_l2_output_root(chain, number)
    sent(
        "`proposeOutput`",
        send_method_call(
            local,
            PROPOSER,
            rollup.address,
            "proposeOutput",
            [root, number],
            value=Wei(OUTPUT_BOND_WEI),
        ),
    )
    advance_time(local, CHALLENGE_WINDOW_SECONDS)
    sent(
        "`resolveOutput`",
        send_method_call(local, PROPOSER, rollup.address, "resolveOutput", [0]),
    )
    made = Withdrawal(ALICE_ADDRESS, 0, BOB_ADDRESS, Wei(10**17))
    proof = compute_withdrawal_proof_at(chain, number, compute_withdrawal_hash(made))
    arguments: list[AbiValue] = [
        0,
        output_root_proof_to_abi(get_l2_output_root_proof(chain, number)),
        withdrawal_to_abi(made),
        encode_smt_proof(proof),
    ]
    sent(
        "`finalizeWithdrawal`",
        send_method_call(local, BOB, rollup.address, "finalizeWithdrawal", arguments),
    )
    return gas


def operation_table() -> str:
    lines = ["| Operation | L1 gas |", "| --- | --- |"]
    lines += [f"| {name} | {gas:,} |" for name, gas in operation_gas().items()]
    return "\n".join(lines)


def latency_table() -> str:
    lines = [
        "| L1 censorship of the user (`censor_sender` blocks) | L1 inclusion delay D (s) "
        "| Worst case to inclusion on L2 (s) | Worst case to a withdrawal paid on L1 (s) |",
        "| --- | --- | --- | --- |",
    ]
    for blocks in CENSORED_BLOCKS:
        delay = SECONDS_PER_BLOCK * (blocks + 1)
        inclusion = compute_worst_case_inclusion_seconds(delay)
        withdrawal = compute_worst_case_withdrawal_seconds(delay)
        lines.append(
            f"| {blocks:,} | {delay:,} | {inclusion:,} ({format_hours(inclusion)}) "
            f"| {withdrawal:,} ({format_hours(withdrawal)}) |"
        )
    return "\n".join(lines)


@pytest.mark.skipif(
    zlib.ZLIB_RUNTIME_VERSION != MEASURED_ZLIB_VERSION,
    reason="the compressed sizes depend on the zlib the table was measured with",
)
def test_batch_cost_table_matches_the_spec() -> None:
    assert read_spec_table(SPEC, "| L2 transactions per batch") == batch_table()


def test_operation_cost_table_matches_the_spec() -> None:
    assert read_spec_table(SPEC, "| Operation | L1 gas |") == operation_table()


def test_latency_table_matches_the_spec() -> None:
    assert read_spec_table(SPEC, "| L1 censorship of the user") == latency_table()


def test_compression_pays_from_ten_transactions() -> None:
    for count in (10, 100):
        assert (
            measure_batch(count, BATCH_VERSION_DEFLATE)[1]
            < measure_batch(count, BATCH_VERSION_UNCOMPRESSED)[1]
        )


def test_worst_case_formulas() -> None:
    assert compute_worst_case_inclusion_seconds(0) == FORCE_INCLUSION_WINDOW_SECONDS
    assert (
        compute_worst_case_withdrawal_seconds(10)
        == FORCE_INCLUSION_WINDOW_SECONDS + CHALLENGE_WINDOW_SECONDS + 40
    )
    assert re.search(
        r"zlib " + re.escape(MEASURED_ZLIB_VERSION),
        (SPECS / SPEC).read_text(),
    )


if __name__ == "__main__":
    print(batch_table(), operation_table(), latency_table(), sep="\n\n")
