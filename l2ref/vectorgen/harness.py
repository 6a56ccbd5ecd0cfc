"""The one multi-step harness: cases that are transactions on the L1 model (specs/l1/driver.md),
recorded as `pre` / `steps` / `post`, and the fixtures every such suite shares."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from l2ref.crypto.hash import keccak256
from l2ref.crypto.secp256k1 import PrivateKey
from l2ref.errors import MalformedVector, StepOutcomeMismatch
from l2ref.l1.chain import (
    BlockHeader,
    ChainConfig,
    Receipt,
    compute_block_environment,
    process_transaction,
)
from l2ref.l1.contracts import ContractDefinition
from l2ref.l1.driver import (
    DEFAULT_GAS_LIMIT,
    DEFAULT_GAS_PRICE,
    SECONDS_PER_BLOCK,
    LocalChain,
    compute_account_address,
    get_receipt,
    mine_block,
    new_local_chain,
    send_transaction,
)
from l2ref.l1.gas import BLOCK_GAS_LIMIT
from l2ref.l1.state import State, compute_state_root, get_account
from l2ref.l1.transactions import Transaction, sign_transaction
from l2ref.l1.types import BlockNumber, ChainId, Gas, Seconds, Wei
from l2ref.types import Address, Hash32
from l2ref.vectorgen.core import Case, Note, Suite, declare
from l2ref.vectorgen.values import (
    JsonObject,
    JsonValue,
    as_object,
    dec,
    field_of,
    hex_bytes,
    parse_bytes,
    parse_int,
)

# The fixtures of every suite: the L1's and the L2's chain ids, the genesis time, units.
CHAIN_ID = ChainId(1337)
L2_CHAIN_ID = ChainId(901)
GENESIS_TIME = Seconds(1_700_000_000)
ETHER = 10**18
DAY = 86_400


def key_from_label(label: str) -> PrivateKey:
    """The private key of a named test account: keccak256 of its name (every suite uses it)."""
    return PrivateKey(keccak256(label.encode()))


def address_from_label(label: str) -> Address:
    """The address of the named test account."""
    return compute_account_address(key_from_label(label))


def receipt_to_json(receipt: Receipt) -> JsonObject:
    """A receipt in vector form; the channel and rollup suites use it too."""
    return {
        "succeeded": receipt.succeeded,
        "gas_used": dec(receipt.gas_used),
        "output": hex_bytes(receipt.output),
        "error": receipt.error,
        "logs": [
            {
                "address": hex_bytes(log.address),
                "topics": [hex_bytes(topic) for topic in log.topics],
                "data": hex_bytes(log.data),
            }
            for log in receipt.logs
        ],
    }


def state_to_json(state: State) -> JsonObject:
    """An L1 state in vector form: its root, every account and every storage word, sorted."""
    return {
        "state_root": hex_bytes(compute_state_root(state)),
        "accounts": [
            {
                "address": hex_bytes(address),
                "nonce": dec(account.nonce),
                "balance": dec(account.balance),
                "code": account.code,
            }
            for address, account in sorted(state.accounts.items())
        ],
        "storage": [
            {"address": hex_bytes(address), "slot": hex_bytes(slot), "value": hex_bytes(value)}
            for (address, slot), value in sorted(state.storage.items())
        ],
    }


@dataclass
class TransactionSteps:
    """Transactions through the L1 model, recorded as steps: one transaction each, mined in one
    block per timestamp. Nothing runs here; `run_transaction_steps` runs them, and generation
    fails if a step does not end as recorded."""

    now: int
    steps: list[JsonValue] = field(default_factory=list)

    def send(
        self,
        private_key: PrivateKey,
        call: str,
        to: Address,
        data: bytes,
        *,
        value: int = 0,
        error: str | None = None,
    ) -> None:
        self.steps.append(
            {
                "call": call,
                "args": {
                    "sender": hex_bytes(compute_account_address(private_key)),
                    "to": hex_bytes(to),
                    "value": dec(value),
                    "data": hex_bytes(data),
                    "timestamp": dec(self.now),
                },
                "result": "invalid" if error else "valid",
                "error": error,
            }
        )

    def mine(self, seconds: int = SECONDS_PER_BLOCK) -> None:
        """End the block at `now`: later steps go into a block `seconds` later."""
        self.now += seconds


def local_chain_from_pre(
    pre: JsonValue, contracts: Mapping[str, ContractDefinition], fee_recipient: Address
) -> tuple[LocalChain, dict[Address, PrivateKey]]:
    """The chain of a `pre` that names its contracts (among `contracts`) and funds keyed
    accounts, and the accounts' keys."""
    obj = as_object(pre, "pre")
    names = field_of(obj, "contracts")
    if not isinstance(names, list) or any(name not in contracts for name in names):
        raise MalformedVector(f"pre.contracts must list names among {sorted(contracts)}")
    config = ChainConfig(
        ChainId(parse_int(field_of(obj, "chain_id"))),
        {str(name): contracts[str(name)] for name in names},
        Gas(BLOCK_GAS_LIMIT),
    )
    accounts = field_of(obj, "accounts")
    if not isinstance(accounts, list):
        raise MalformedVector("pre.accounts must be a list")
    allocations: dict[Address, Wei] = {}
    keys: dict[Address, PrivateKey] = {}
    for entry in accounts:
        item = as_object(entry, "an account")
        address = Address(parse_bytes(field_of(item, "address")))
        allocations[address] = Wei(parse_int(field_of(item, "balance")))
        keys[address] = PrivateKey(parse_bytes(field_of(item, "private_key")))
    genesis_time = Seconds(parse_int(field_of(obj, "genesis_time")))
    return new_local_chain(config, allocations, genesis_time, fee_recipient), keys


def run_transaction_steps(
    local: LocalChain, keys: Mapping[Address, PrivateKey], steps: JsonValue
) -> list[JsonValue]:
    """Send every step's transaction and mine the steps of one timestamp as one block (a `mine`
    step: an empty block); returns the receipts in vector form."""
    if not isinstance(steps, list):
        raise MalformedVector("steps must be a list")
    blocks: list[tuple[int, list[tuple[int, JsonObject]]]] = []
    for number, step in enumerate(steps, start=1):
        item = as_object(step, f"step {number}")
        args = as_object(field_of(item, "args"), f"step {number}: args")
        timestamp = parse_int(field_of(args, "timestamp"))
        if not blocks or blocks[-1][0] != timestamp:
            blocks.append((timestamp, []))
        if field_of(item, "call") != "mine":
            blocks[-1][1].append((number, item))
    receipts: list[JsonValue] = []
    for timestamp, block_steps in blocks:
        sent: list[tuple[int, JsonObject, Hash32]] = []
        for number, item in block_steps:
            args = as_object(item["args"], f"step {number}: args")
            sender = Address(parse_bytes(field_of(args, "sender")))
            if sender not in keys:
                raise MalformedVector(f"step {number}: no key for the sender")
            to = Address(parse_bytes(field_of(args, "to")))
            value = Wei(parse_int(field_of(args, "value")))
            data = parse_bytes(field_of(args, "data"))
            sent.append((number, item, send_transaction(local, keys[sender], to, value, data)))
        mine_block(local, Seconds(timestamp))
        for number, item, transaction in sent:
            receipt = get_receipt(local, transaction)
            if (receipt.error or None) != field_of(item, "error"):
                raise StepOutcomeMismatch(f"step {number} ended with {receipt.error or None}")
            receipts.append(receipt_to_json(receipt))
    return receipts


def transaction_steps_runner(
    contracts: Mapping[str, ContractDefinition],
    fee_recipient: Address,
    post: Callable[[LocalChain], JsonObject] | None = None,
) -> Callable[[JsonObject], JsonValue]:
    """The runner of a multi-step suite: the chain of `input.pre`, every step of `input.steps`
    sent and mined, then `{"receipts", "post"}` (`post` defaults to the whole L1 state).
    Memoized on the input text: the L1 model's state roots dominate the cost, and one process
    may generate and verify the same case."""

    @functools.cache
    def execute(text: str) -> str:
        case_input = json.loads(text)
        local, keys = local_chain_from_pre(field_of(case_input, "pre"), contracts, fee_recipient)
        receipts = run_transaction_steps(local, keys, field_of(case_input, "steps"))
        final = post(local) if post is not None else state_to_json(local.chain.state)
        return json.dumps({"receipts": receipts, "post": final})

    def run(case_input: JsonObject) -> JsonValue:
        result: JsonValue = json.loads(execute(json.dumps(case_input, sort_keys=True)))
        return result

    return run


@dataclass
class LiveTransactionSteps(TransactionSteps):
    """TransactionSteps that run as they are recorded, for scripts that react to outcomes: each
    transaction runs at once on `local`'s state, in the block that `run_transaction_steps` will
    mine at `now` (the chain's head is not advanced: `local.chain.state` is the state after
    every step so far). `execute` records the outcome the transaction had."""

    local: LocalChain = field(kw_only=True)
    block_number: int = 0
    block_time: int = -1
    block_gas: int = 0

    def execute(
        self, private_key: PrivateKey, call: str, to: Address, data: bytes, *, value: int = 0
    ) -> Receipt:
        chain = self.local.chain
        if self.now != self.block_time:
            self.block_number, self.block_time, self.block_gas = self.block_number + 1, self.now, 0
        sender = compute_account_address(private_key)
        transaction = Transaction(
            chain_id=chain.config.chain_id,
            nonce=get_account(chain.state, sender).nonce,
            gas_price=Wei(DEFAULT_GAS_PRICE),
            gas_limit=Gas(DEFAULT_GAS_LIMIT),
            to=to,
            value=Wei(value),
            data=data,
        )
        header = BlockHeader(
            BlockNumber(self.block_number),
            Seconds(self.now),
            Hash32(bytes(32)),
            self.local.fee_recipient,
            chain.config.block_gas_limit,
            Gas(0),
            Hash32(bytes(32)),
            Hash32(bytes(32)),
            Hash32(bytes(32)),
        )
        environment = compute_block_environment(chain.config, header)
        gas_available = Gas(chain.config.block_gas_limit - self.block_gas)
        signed = sign_transaction(transaction, private_key)
        receipt = process_transaction(chain.state, environment, signed, gas_available)
        self.block_gas += receipt.gas_used
        self.send(private_key, call, to, data, value=value, error=receipt.error or None)
        return receipt


def live_steps_from_pre(
    pre: JsonValue,
    contracts: Mapping[str, ContractDefinition],
    fee_recipient: Address,
    now: int,
) -> LiveTransactionSteps:
    """Live steps on the chain of `pre`, the first of them at `now`."""
    local, _ = local_chain_from_pre(pre, contracts, fee_recipient)
    return LiveTransactionSteps(now, local=local)


def declare_steps(
    area: str,
    function: Callable[..., object],
    cases: Callable[[], Sequence[Case]],
    description: str | Sequence[str],
    run: Callable[[JsonObject], JsonValue],
    *,
    name: str | None = None,
    notes: Mapping[str, Note] | None = None,
    parameters: Mapping[str, str] | None = None,
) -> Suite:
    """A multi-step suite of `function`: its cases' inputs are `pre` and `steps` in vector form,
    and `run` (a `transaction_steps_runner`) runs them."""

    def run_steps(pre: Any, steps: Any) -> Any:
        return run({"pre": pre, "steps": steps})

    return declare(
        area,
        function,
        cases,
        description,
        via=run_steps,
        name=name,
        notes=notes,
        parameters=parameters,
    )
