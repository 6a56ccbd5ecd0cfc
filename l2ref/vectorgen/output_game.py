"""Vector suites for specs/optimistic/output_game.md: the transaction-level step (valid and
invalid one-step proofs) and whole output games run through the L1 model."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from l2ref.crypto.hash import keccak256
from l2ref.encoding.abi import AbiValue, abi_int, decode_abi
from l2ref.errors import GameNotFound, InvalidStepProof, MalformedVector
from l2ref.l1.contracts import SELECTOR_LENGTH, find_method
from l2ref.l1.driver import (
    LocalChain,
    advance_time,
    get_time,
    mine_block,
    send_deployment,
    send_method_call,
)
from l2ref.l1.state import compute_state_root
from l2ref.l1.transactions import CREATION_ADDRESS, recover_sender
from l2ref.l1.types import Seconds, Wei
from l2ref.optimistic.batches import encode_batch
from l2ref.optimistic.contracts import (
    CHALLENGE_WINDOW_SECONDS,
    DEPOSIT_MESSAGE,
    FORCE_INCLUSION_WINDOW_SECONDS,
    OUTPUT_BOND_WEI,
    DelayedMessage,
)
from l2ref.optimistic.derivation import (
    derive_l2_chain,
    get_l2_output_root,
    honest_proposer_propose_output,
    honest_user_finalize_withdrawal,
    read_rollup_inputs,
)
from l2ref.optimistic.dispute_game import (
    GameStatus,
    Position,
    Trace,
    compute_required_bond,
    get_game_status,
    get_game_view,
    get_trace_claim,
)
from l2ref.optimistic.honest import compute_move_call, honest_challenger_moves
from l2ref.optimistic.l2_state import (
    L2_TRANSFER_TYPE,
    L2_WITHDRAWAL_TYPE,
    L2Transaction,
    SignedL2Transaction,
    Withdrawal,
    decode_l2_transaction_witness,
    encode_l2_transaction_witness,
    encode_signed_l2_transaction,
    sign_l2_transaction,
)
from l2ref.optimistic.output_game import (
    GENESIS_ANCHOR_INDEX,
    OUTPUT_GAME_MAX_DEPTH,
    OUTPUT_GAME_ROLLUP_CONTRACT,
    OUTPUT_GAME_ROLLUP_CONTRACT_NAME,
    TRACE_ITEM_ABI_TYPES,
    TRACE_ITEM_SEAL,
    OutputGameTrace,
    build_output_game_rollup_contract,
    compute_output_game_trace,
    compute_output_trace_step_gas,
    decode_trace_step_proof,
    encode_output_game_input,
    encode_trace_step_proof,
    encode_transaction_item,
    execute_output_trace_step,
    get_output_game,
    honest_challenger_challenge_output,
    honest_challenger_play_output_game,
)
from l2ref.types import Address, Hash32
from l2ref.vectorgen.core import Case, JsonObject, JsonValue, Note, dec, declare, hex_bytes
from l2ref.vectorgen.harness import (
    CHAIN_ID,
    DAY,
    ETHER,
    GENESIS_TIME,
    L2_CHAIN_ID,
    address_from_label,
    declare_steps,
    key_from_label,
    local_chain_from_pre,
    transaction_steps_runner,
)

FEE_RECIPIENT = Address(bytes.fromhex("00" * 19 + "fe"))
NO_CHALLENGER = Address(bytes(20))
CONTRACTS = {OUTPUT_GAME_ROLLUP_CONTRACT_NAME: OUTPUT_GAME_ROLLUP_CONTRACT}
NAMES = ("alice", "bob", "carol", "sequencer", "proposer", "challenger")
KEYS = {name: key_from_label(name) for name in NAMES}
ADDRESSES = {name: address_from_label(name) for name in NAMES}


def _transfer(sender: str, nonce: int, to: str, value: int, kind: int) -> SignedL2Transaction:
    body = L2Transaction(kind, L2_CHAIN_ID, nonce, ADDRESSES[to], Wei(value))
    return sign_l2_transaction(body, KEYS[sender])


def pre() -> JsonObject:
    return {
        "chain_id": dec(CHAIN_ID),
        "contracts": [OUTPUT_GAME_ROLLUP_CONTRACT_NAME],
        "genesis_time": dec(GENESIS_TIME),
        "accounts": [
            {
                "name": name,
                "address": hex_bytes(ADDRESSES[name]),
                "private_key": hex_bytes(KEYS[name]),
                "balance": dec(100 * ETHER),
            }
            for name in NAMES
        ],
    }


def _new_local() -> tuple[LocalChain, Address]:
    local, _ = local_chain_from_pre(pre(), CONTRACTS, FEE_RECIPIENT)
    sequencer = KEYS["sequencer"]
    arguments: list[AbiValue] = [ADDRESSES["sequencer"], NO_CHALLENGER, L2_CHAIN_ID]
    rollup = send_deployment(local, sequencer, OUTPUT_GAME_ROLLUP_CONTRACT_NAME, arguments)
    mine_block(local)
    return local, rollup


def _call(
    local: LocalChain,
    rollup: Address,
    name: str,
    method: str,
    args: Sequence[AbiValue],
    *,
    value: int = 0,
) -> None:
    send_method_call(local, KEYS[name], rollup, method, args, value=Wei(value))
    mine_block(local)


def _history(local: LocalChain, rollup: Address) -> None:
    """Three L2 blocks: deposits, transfers (one skipped), a withdrawal, an undecodable and a
    valid forced transaction, a forced inclusion."""
    send_method_call(
        local, KEYS["alice"], rollup, "deposit", [ADDRESSES["alice"]], value=Wei(5 * ETHER)
    )
    send_method_call(local, KEYS["bob"], rollup, "deposit", [ADDRESSES["bob"]], value=Wei(ETHER))
    mine_block(local)
    first = [
        _transfer("alice", 0, "bob", ETHER, L2_TRANSFER_TYPE),
        _transfer("alice", 7, "carol", ETHER, L2_TRANSFER_TYPE),
        _transfer("bob", 0, "bob", ETHER // 2, L2_WITHDRAWAL_TYPE),
    ]
    _call(local, rollup, "sequencer", "appendBatch", [encode_batch(first, 1), 2])
    forced = encode_signed_l2_transaction(
        _transfer("bob", 1, "carol", ETHER // 4, L2_TRANSFER_TYPE)
    )
    send_method_call(local, KEYS["alice"], rollup, "enqueueTransaction", [b"\x01\x02"])
    send_method_call(local, KEYS["bob"], rollup, "enqueueTransaction", [forced])
    mine_block(local)
    second = [_transfer("alice", 1, "carol", ETHER, L2_TRANSFER_TYPE)]
    _call(local, rollup, "sequencer", "appendBatch", [encode_batch(second, 0), 4])
    send_method_call(
        local, KEYS["carol"], rollup, "deposit", [ADDRESSES["carol"]], value=Wei(ETHER)
    )
    mine_block(local)
    advance_time(local, FORCE_INCLUSION_WINDOW_SECONDS)
    _call(local, rollup, "carol", "forceInclude", [5])


@functools.cache
def _history_trace() -> OutputGameTrace:
    local, rollup = _new_local()
    _history(local, rollup)
    inputs = read_rollup_inputs(local.chain, rollup)
    return compute_output_game_trace(inputs, 0, 3, OUTPUT_GAME_MAX_DEPTH)


# ----------------------------------------------------------------------------- the step


def _step_case(
    name: str,
    trace: OutputGameTrace,
    index: int,
    proof: bytes,
    *,
    expect: str = "valid",
    flags: tuple[str, ...] = (),
    pre_state: Hash32 | None = None,
) -> Case:
    start = trace.trace.commitments[index] if pre_state is None else pre_state
    kind = "padding"
    if index < len(trace.items):
        item_kind = abi_int(decode_abi(TRACE_ITEM_ABI_TYPES, trace.items[index])[0])
        kind = "seal" if item_kind == TRACE_ITEM_SEAL else "transaction"
    return Case(
        name,
        {
            "game_input": encode_output_game_input(trace.game_input),
            "pre_state": start,
            "step_index": index,
            "proof": proof,
        },
        expect,
        flags,
        {"item": kind, "item_count": len(trace.items)},
    )


def _step_cases() -> list[Case]:
    trace = _history_trace()
    prove = trace.trace.prove_step
    count = len(trace.items)
    cases = [_step_case(f"step_{index}", trace, index, prove(index)) for index in range(count)]
    cases.append(_step_case("padding_first", trace, count, b"", flags=("Padding",)))
    cases.append(
        _step_case("padding_last", trace, 2**OUTPUT_GAME_MAX_DEPTH - 1, b"", flags=("Padding",))
    )
    transfer = 2
    proof = decode_trace_step_proof(prove(transfer))
    witness = decode_l2_transaction_witness(proof.witness)
    first = witness.accounts[0]
    richer = replace(first, account=replace(first.account, balance=Wei(first.account.balance + 1)))
    seal = next(
        i
        for i in range(count)
        if abi_int(decode_abi(TRACE_ITEM_ABI_TYPES, trace.items[i])[0]) == TRACE_ITEM_SEAL
    )
    seal_proof = decode_trace_step_proof(prove(seal))
    bad = "InvalidStepProof"
    tampered = (
        (
            "another_index",
            transfer + 1,
            prove(transfer),
            trace.trace.commitments[transfer],
            ("WrongItem",),
        ),
        (
            "another_pre_state",
            transfer,
            prove(transfer),
            trace.trace.commitments[transfer + 1],
            ("WrongPreState",),
        ),
        (
            "witness_balance_tampered",
            transfer,
            encode_trace_step_proof(
                replace(
                    proof,
                    witness=encode_l2_transaction_witness(
                        replace(witness, accounts=(richer, *witness.accounts[1:]))
                    ),
                )
            ),
            None,
            ("TamperedWitness",),
        ),
        (
            "witness_lacks_an_account",
            transfer,
            encode_trace_step_proof(
                replace(
                    proof,
                    witness=encode_l2_transaction_witness(
                        replace(witness, accounts=witness.accounts[:1])
                    ),
                )
            ),
            None,
            ("TamperedWitness",),
        ),
        (
            "transaction_not_in_the_game",
            transfer,
            encode_trace_step_proof(
                replace(
                    proof,
                    item=encode_transaction_item(
                        _transfer("alice", 0, "carol", ETHER, L2_TRANSFER_TYPE)
                    ),
                )
            ),
            None,
            ("WrongItem",),
        ),
        (
            "seal_without_a_transaction",
            seal,
            encode_trace_step_proof(
                replace(seal_proof, block_transactions=seal_proof.block_transactions[1:])
            ),
            None,
            ("WrongBlock",),
        ),
        (
            "seal_in_another_order",
            seal,
            encode_trace_step_proof(
                replace(seal_proof, block_transactions=seal_proof.block_transactions[::-1])
            ),
            None,
            ("WrongBlock",),
        ),
        ("padding_with_a_proof", count, prove(count - 1), None, ("Padding",)),
        ("proof_does_not_decode", 0, b"\x00" * 31, None, ("Malformed",)),
    )
    for name, index, bad_proof, pre_state, flags in tampered:
        cases.append(
            _step_case(name, trace, index, bad_proof, expect=bad, flags=flags, pre_state=pre_state)
        )
    return cases


@dataclass(frozen=True)
class TraceStep:
    """A step executed: the state commitment after it and the gas of its proof."""

    post_state: Hash32
    gas: int


def output_game_step(
    game_input: bytes, pre_state: Hash32, step_index: int, proof: bytes
) -> TraceStep:
    """execute_output_trace_step; InvalidStepProof where it returns None."""
    result = execute_output_trace_step(game_input, pre_state, step_index, proof)
    if result is None:
        raise InvalidStepProof(f"the proof does not execute step {step_index} from the pre-state")
    return TraceStep(result, compute_output_trace_step_gas(proof))


# ----------------------------------------------------------------------------- whole games


def _lying_trace(local: LocalChain, rollup: Address, l2_block_number: int, credit: int) -> Trace:
    # the liar's L2: a deposit to the proposer that nobody made, first in the disputed block
    inputs = read_rollup_inputs(local.chain, rollup)
    last = inputs.batches[l2_block_number - 1]
    start = inputs.batches[l2_block_number - 2].delayed_messages_read if l2_block_number > 1 else 0
    proposer = ADDRESSES["proposer"]
    fake = DelayedMessage(start, DEPOSIT_MESSAGE, proposer, proposer, Wei(credit), Seconds(0), b"")
    queue = inputs.delayed_messages
    messages = (*queue[:start], fake, *queue[start : last.delayed_messages_read])
    batches = (
        *inputs.batches[: l2_block_number - 1],
        replace(last, delayed_messages_read=last.delayed_messages_read + 1),
    )
    fake_inputs = replace(inputs, delayed_messages=messages, batches=batches)
    return compute_output_game_trace(fake_inputs, 0, l2_block_number, OUTPUT_GAME_MAX_DEPTH).trace


def _wrong_trace(trace: Trace) -> Trace:
    lies = (keccak256(b"wrong" + i.to_bytes(2, "big")) for i in range(1, len(trace.commitments)))
    return Trace(trace.max_game_depth, (trace.commitments[0], *lies), trace.prove_step)


def _play(
    local: LocalChain, rollup: Address, game_id: int, honest: str, other: tuple[str, Trace]
) -> None:
    for _ in range(200):
        if get_game_status(local.chain.state, rollup, game_id) != GameStatus.IN_PROGRESS:
            return
        sent = honest_challenger_play_output_game(local, KEYS[honest], rollup, game_id)
        game = get_game_view(local.chain.state, rollup, game_id, get_time(local))
        for move in honest_challenger_moves(game, other[1]):
            method, arguments = compute_move_call(move)
            send_method_call(
                local, KEYS[other[0]], rollup, method, list(arguments), value=move.bond
            )
            sent += 1
        if sent:
            mine_block(local)
        if not sent or not any(receipt.succeeded for receipt in local.chain.receipts[-1]):
            advance_time(local, DAY)
    raise MalformedVector(f"game {game_id} did not end")


def _wrong_output_scenario() -> tuple[LocalChain, Address]:
    local, rollup = _new_local()
    _history(local, rollup)
    liar = _lying_trace(local, rollup, 3, 50 * ETHER)
    proposal: list[AbiValue] = [liar.commitments[-1], 3]
    _call(local, rollup, "proposer", "proposeOutput", proposal, value=OUTPUT_BOND_WEI)
    honest_challenger_challenge_output(local, KEYS["challenger"], rollup, 0)
    mine_block(local)
    _play(
        local,
        rollup,
        get_output_game(local.chain.state, rollup, 0),
        "challenger",
        ("proposer", liar),
    )
    # the honest re-proposal, its window, and Bob's withdrawal against it
    honest_proposer_propose_output(local, KEYS["carol"], rollup)
    mine_block(local)
    advance_time(local, CHALLENGE_WINDOW_SECONDS)
    _call(local, rollup, "carol", "resolveOutput", [1])
    withdrawal = Withdrawal(ADDRESSES["bob"], 0, ADDRESSES["bob"], Wei(ETHER // 2))
    honest_user_finalize_withdrawal(local, KEYS["bob"], rollup, withdrawal)
    mine_block(local)
    return local, rollup


def _right_output_scenario() -> tuple[LocalChain, Address]:
    local, rollup = _new_local()
    _history(local, rollup)
    chain = derive_l2_chain(local.chain, rollup)
    proposal: list[AbiValue] = [get_l2_output_root(chain, 3), 3]
    _call(local, rollup, "proposer", "proposeOutput", proposal, value=OUTPUT_BOND_WEI)
    inputs = read_rollup_inputs(local.chain, rollup)
    trace = compute_output_game_trace(inputs, 0, 3, OUTPUT_GAME_MAX_DEPTH)
    fake = _wrong_trace(trace.trace)
    data: tuple[AbiValue, ...] = (
        GENESIS_ANCHOR_INDEX,
        list[AbiValue](trace.batch_data),
        list[AbiValue](trace.messages),
    )
    claim = get_trace_claim(fake, Position(2))
    bond = compute_required_bond(Position(2))
    _call(local, rollup, "challenger", "challengeOutput", [0, claim, data], value=bond)
    _play(local, rollup, 1, "proposer", ("challenger", fake))
    _call(local, rollup, "alice", "resolveOutput", [0])
    return local, rollup


def _record(local: LocalChain) -> list[JsonValue]:
    steps: list[JsonValue] = []
    for block, receipts in zip(local.chain.blocks[1:], local.chain.receipts[1:], strict=True):
        timestamp = dec(block.header.timestamp)
        if not block.transactions:
            steps.append(
                {"call": "mine", "args": {"timestamp": timestamp}, "result": "valid", "error": None}
            )
        for signed, receipt in zip(block.transactions, receipts, strict=True):
            transaction = signed.transaction
            call = "deploy"
            if transaction.to != CREATION_ADDRESS:
                call = find_method(
                    OUTPUT_GAME_ROLLUP_CONTRACT, transaction.data[:SELECTOR_LENGTH]
                ).name
            steps.append(
                {
                    "call": call,
                    "args": {
                        "sender": hex_bytes(recover_sender(signed)),
                        "to": hex_bytes(transaction.to),
                        "value": dec(transaction.value),
                        "data": hex_bytes(transaction.data),
                        "timestamp": timestamp,
                    },
                    "result": "valid" if receipt.succeeded else "invalid",
                    "error": receipt.error or None,
                }
            )
    return steps


def _post(local: LocalChain) -> JsonObject:
    state = local.chain.state
    (rollup,) = (address for address, account in state.accounts.items() if account.code)
    games: list[JsonValue] = []
    game_id = 1
    while True:
        try:
            game = get_game_view(state, rollup, game_id, get_time(local))
        except GameNotFound:
            break
        games.append(
            {
                "game_id": dec(game_id),
                "status": dec(game.status),
                "claims": [
                    {
                        "parent_index": dec(claim.parent_index),
                        "position": dec(claim.position),
                        "claim": hex_bytes(claim.claim),
                        "claimant": hex_bytes(claim.claimant),
                        "bond": dec(claim.bond),
                        "countered_by": hex_bytes(claim.countered_by),
                        "resolved": claim.resolved,
                    }
                    for claim in game.claims
                ],
            }
        )
        game_id += 1
    return {
        "state_root": hex_bytes(compute_state_root(state)),
        "balances": [
            {
                "address": hex_bytes(address),
                "nonce": dec(account.nonce),
                "balance": dec(account.balance),
            }
            for address, account in sorted(state.accounts.items())
        ],
        "games": games,
    }


def _transcript_case(name: str, scenario: Callable[[], tuple[LocalChain, Address]]) -> Case:
    local, _ = scenario()
    return Case(name, {"pre": pre(), "steps": _record(local)}, flags=("Game",))


def _transcript_cases() -> list[Case]:
    return [
        _transcript_case(
            "wrong_output_defeated_then_right_output_pays_a_withdrawal", _wrong_output_scenario
        ),
        _transcript_case("right_output_defended_and_finalised", _right_output_scenario),
    ]


PARAMETERS = {
    "OUTPUT_GAME_MAX_DEPTH": dec(OUTPUT_GAME_MAX_DEPTH),
    "CHALLENGE_WINDOW_SECONDS": dec(CHALLENGE_WINDOW_SECONDS),
    "OUTPUT_BOND_WEI": dec(OUTPUT_BOND_WEI),
}

SUITES = [
    declare(
        "optimistic",
        execute_output_trace_step,
        _step_cases,
        "One step of the transaction-level trace of an output game: every step of a three-"
        "block trace (deposits, transfers applied and skipped, a withdrawal, a forced "
        "transaction, seals, padding), and one-step proofs that must be rejected.",
        via=output_game_step,
        name="output_game_step",
        notes={
            "Padding": Note(
                "EDGE_CASE", "A step past the last item: a no-op taking an empty proof."
            ),
            "WrongItem": Note("SECURITY", "A proof of an item that is not item i of the game."),
            "WrongPreState": Note("SECURITY", "A proof whose pre-state is not the claimed one."),
            "TamperedWitness": Note(
                "SECURITY", "A witness whose account values or set do not verify."
            ),
            "WrongBlock": Note(
                "SECURITY", "A seal whose applied transactions are not the block's."
            ),
            "Malformed": Note("EDGE_CASE", "A proof that does not decode."),
        },
        parameters=PARAMETERS,
    ),
    declare_steps(
        "optimistic",
        build_output_game_rollup_contract,
        _transcript_cases,
        "Whole output games through the L1 model: every transaction, including the "
        "cheater's reverted steps, then the final L1 state, balances and games.",
        transaction_steps_runner(CONTRACTS, FEE_RECIPIENT, _post),
        name="output_game_transcript",
        notes={"Game": Note("FUNCTIONALITY", "A complete game, from proposal to payouts.")},
        parameters=PARAMETERS,
    ),
]
