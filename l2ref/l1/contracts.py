"""L1 contracts written as spec code: call context, storage, ether, events, precompiles.

See specs/l1/contracts.md.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TypeAlias

from l2ref.crypto.bn254_precompiles import (
    ec_add,
    ec_add_gas,
    ec_mul,
    ec_mul_gas,
    ec_pairing,
    ec_pairing_gas,
)
from l2ref.crypto.hash import keccak256, sha256
from l2ref.crypto.secp256k1 import ecrecover
from l2ref.encoding.abi import (
    AbiValue,
    compute_function_selector,
    decode_abi,
    encode_abi,
    format_function_signature,
)
from l2ref.errors import (
    ContractAddressCollision,
    InsufficientContractBalance,
    InvalidLength,
    L2RefError,
    NotPayable,
    OutOfGas,
    UnknownContract,
    UnknownMethod,
    ValueOutOfRange,
)
from l2ref.l1.gas import (
    ECRECOVER_GAS,
    VALUE_TRANSFER_GAS,
    compute_keccak256_gas,
    compute_log_gas,
    compute_sha256_gas,
    compute_storage_read_gas,
    compute_storage_write_gas,
)
from l2ref.l1.state import (
    EMPTY_ACCOUNT,
    UINT256_MAX,
    Account,
    State,
    begin_checkpoint,
    commit_checkpoint,
    get_account,
    get_storage,
    rollback_checkpoint,
    set_account,
    set_storage,
)
from l2ref.l1.transactions import compute_contract_address, decode_creation_data
from l2ref.l1.types import BlockNumber, ChainId, Gas, Seconds, Wei
from l2ref.types import ADDRESS_LENGTH, HASH32_LENGTH, Address, Hash32

SELECTOR_LENGTH = 4


@dataclass(frozen=True)
class Log:
    """An event log: the emitting contract, its topics, and its ABI-encoded data."""

    address: Address
    topics: tuple[Hash32, ...]
    data: bytes


@dataclass
class CallContext:
    """The mutable context of a running contract method: state, caller, block, gas, logs."""

    state: State
    # the contract being run, and who called it with how much ether
    address: Address
    sender: Address
    value: Wei
    chain_id: ChainId
    block_number: BlockNumber
    timestamp: Seconds
    gas_limit: Gas
    gas_used: Gas
    logs: list[Log]


ContractFunction: TypeAlias = Callable[..., tuple[AbiValue, ...]]


@dataclass(frozen=True)
class Method:
    """A contract method: name, ABI argument and return types, its function, payability."""

    name: str
    argument_types: tuple[str, ...]
    return_types: tuple[str, ...]
    # called as function(context, *arguments); returns values of return_types
    function: ContractFunction
    payable: bool = False


@dataclass(frozen=True)
class ContractDefinition:
    """A spec contract: its name, constructor and methods."""

    name: str
    constructor: Method
    methods: tuple[Method, ...]


ContractRegistry: TypeAlias = Mapping[str, ContractDefinition]


@dataclass(frozen=True)
class BlockEnvironment:
    """The block a call runs in: chain id, number, time, fee recipient, contract registry."""

    chain_id: ChainId
    block_number: BlockNumber
    timestamp: Seconds
    fee_recipient: Address
    contracts: ContractRegistry


@dataclass(frozen=True)
class Message:
    """A call or creation: sender, recipient, ether value, data and gas limit."""

    sender: Address
    # the contract or account called; CREATION_ADDRESS for a creation
    to: Address
    value: Wei
    data: bytes
    gas_limit: Gas


@dataclass(frozen=True)
class CallResult:
    """The outcome of a call: success, gas used, output, logs, and the error class name if any."""

    succeeded: bool
    gas_used: Gas
    output: bytes
    logs: tuple[Log, ...]
    # the name of the error class that reverted the call; "" when it succeeded
    error: str


def find_contract(contracts: ContractRegistry, name: str) -> ContractDefinition:
    """The contract of the registry named `name`; raises UnknownContract if none."""
    if name not in contracts:
        raise UnknownContract(f"no spec contract is named {name!r}")
    return contracts[name]


def compute_method_selector(method: Method) -> bytes:
    """The 4-byte ABI function selector of the method."""
    return compute_function_selector(method.name, method.argument_types)


def find_method(definition: ContractDefinition, selector: bytes) -> Method:
    """The method whose selector is `selector`; raises UnknownMethod if none."""
    for method in definition.methods:
        if compute_method_selector(method) == selector:
            return method
    raise UnknownMethod(f"{definition.name} has no method with selector 0x{selector.hex()}")


def find_method_by_name(definition: ContractDefinition, method_name: str) -> Method:
    """The method named `method_name`; raises UnknownMethod if none."""
    for method in definition.methods:
        if method.name == method_name:
            return method
    raise UnknownMethod(f"{definition.name} has no method named {method_name}")


def encode_method_call(
    definition: ContractDefinition, method_name: str, arguments: Sequence[AbiValue]
) -> bytes:
    """The call data of the method named `method_name` with `arguments`."""
    method = find_method_by_name(definition, method_name)
    return compute_method_selector(method) + encode_abi(method.argument_types, arguments)


def charge_gas(context: CallContext, amount: int) -> None:
    """Add `amount` to the gas used; past the limit, use all the gas and raise OutOfGas."""
    if context.gas_used + amount > context.gas_limit:
        remaining = context.gas_limit - context.gas_used
        # running out of gas consumes all of it, as in the EVM
        context.gas_used = context.gas_limit
        raise OutOfGas(f"needs {amount} gas, {remaining} left")
    context.gas_used = Gas(context.gas_used + amount)


def run_method(context: CallContext, method: Method, argument_data: bytes) -> bytes:
    """Decode the arguments, run the method and encode its results; raises NotPayable."""
    if context.value > 0 and not method.payable:
        raise NotPayable(f"{method.name} does not accept ether")
    arguments = decode_abi(method.argument_types, argument_data)
    results = method.function(context, *arguments)
    return encode_abi(method.return_types, results)


def compute_storage_slot(name: str, key: bytes = b"") -> Hash32:
    """The slot of a named variable: Keccak-256 of the ABI encoding of `name` and `key`."""
    return keccak256(encode_abi(["string", "bytes"], [name, key]))


def read_storage(context: CallContext, slot: Hash32) -> bytes:
    """The value of `slot` of the running contract, charging the read gas."""
    value = get_storage(context.state, context.address, slot)
    charge_gas(context, compute_storage_read_gas(len(value)))
    return value


def write_storage(context: CallContext, slot: Hash32, value: bytes) -> None:
    """Write `slot` of the running contract, charging the write gas."""
    previous = get_storage(context.state, context.address, slot)
    charge_gas(context, compute_storage_write_gas(len(previous), len(value)))
    set_storage(context.state, context.address, slot, value)


def read_uint(context: CallContext, slot: Hash32) -> int:
    """The value of `slot` as a big-endian unsigned integer, 0 if empty."""
    return int.from_bytes(read_storage(context, slot), "big")


def write_uint(context: CallContext, slot: Hash32, value: int) -> None:
    """Store `value` as a 32-byte word (zero as an empty slot); raises ValueOutOfRange."""
    if not 0 <= value <= UINT256_MAX:
        raise ValueOutOfRange(f"a stored integer is in [0, 2^256 - 1], got {value}")
    # zero is stored as absence, so clearing a counter frees its slot
    write_storage(context, slot, value.to_bytes(32, "big") if value else b"")


def read_struct(
    context: CallContext, slot: Hash32, types: Sequence[str]
) -> tuple[AbiValue, ...] | None:
    """The values of `types` stored in `slot`, or None if the slot is empty."""
    data = read_storage(context, slot)
    return decode_abi(types, data) if data else None


def write_struct(
    context: CallContext, slot: Hash32, types: Sequence[str], values: Sequence[AbiValue] | None
) -> None:
    """Store the ABI encoding of `values` in `slot`, or clear it for None."""
    write_storage(context, slot, encode_abi(types, values) if values is not None else b"")


def move_ether(state: State, source: Address, destination: Address, amount: Wei) -> None:
    """Move `amount` wei from `source` to `destination`; raises InsufficientContractBalance."""
    if amount < 0:
        raise ValueOutOfRange(f"an amount is not negative, got {amount}")
    source_account = get_account(state, source)
    if source_account.balance < amount:
        raise InsufficientContractBalance(f"0x{source.hex()} holds less than {amount} wei")
    set_account(
        state, source, replace(source_account, balance=Wei(source_account.balance - amount))
    )
    destination_account = get_account(state, destination)
    new_balance = Wei(destination_account.balance + amount)
    set_account(state, destination, replace(destination_account, balance=new_balance))


def transfer_ether(context: CallContext, destination: Address, amount: Wei) -> None:
    """Send `amount` wei from the running contract to `destination`, charging 9000 gas."""
    charge_gas(context, VALUE_TRANSFER_GAS)
    move_ether(context.state, context.address, destination, amount)


def read_balance(context: CallContext, address: Address) -> Wei:
    """The balance of `address` in wei."""
    return get_account(context.state, address).balance


def emit_event(
    context: CallContext, name: str, types: Sequence[str], values: Sequence[AbiValue]
) -> None:
    """Append a log whose topic is the hash of the event signature and whose data is `values`."""
    topic = keccak256(format_function_signature(name, types).encode("ascii"))
    data = encode_abi(types, values)
    charge_gas(context, compute_log_gas(1, len(data)))
    context.logs.append(Log(context.address, (topic,), data))


def call_keccak256(context: CallContext, data: bytes) -> Hash32:
    """The Keccak-256 digest of `data`, charging its gas."""
    charge_gas(context, compute_keccak256_gas(len(data)))
    return keccak256(data)


def call_sha256(context: CallContext, data: bytes) -> Hash32:
    """The SHA-256 digest of `data`, charging its gas."""
    charge_gas(context, compute_sha256_gas(len(data)))
    return sha256(data)


def call_ecrecover(context: CallContext, digest: Hash32, v: int, r: int, s: int) -> Address | None:
    """The signer address of the ECRECOVER precompile, or None on failure; charges 3000 gas."""
    charge_gas(context, ECRECOVER_GAS)
    if len(digest) != HASH32_LENGTH or not all(0 <= word <= UINT256_MAX for word in (v, r, s)):
        raise InvalidLength("ecrecover takes a 32-byte digest and three 32-byte words")
    words = digest + v.to_bytes(32, "big") + r.to_bytes(32, "big") + s.to_bytes(32, "big")
    output = ecrecover(words)
    return Address(output[32 - ADDRESS_LENGTH :]) if output else None


def call_ec_add(context: CallContext, data: bytes) -> bytes:
    """The output of the ECADD precompile on `data`, charging its gas."""
    charge_gas(context, ec_add_gas(data))
    return ec_add(data)


def call_ec_mul(context: CallContext, data: bytes) -> bytes:
    """The output of the ECMUL precompile on `data`, charging its gas."""
    charge_gas(context, ec_mul_gas(data))
    return ec_mul(data)


def call_ec_pairing(context: CallContext, data: bytes) -> bool:
    """Whether the ECPAIRING check of `data` holds, charging its gas."""
    charge_gas(context, ec_pairing_gas(data))
    return ec_pairing(data)[-1] == 1


def new_call_context(
    state: State, environment: BlockEnvironment, message: Message, address: Address
) -> CallContext:
    """A fresh context running the contract at `address` for `message`, no gas used yet."""
    return CallContext(
        state=state,
        address=address,
        sender=message.sender,
        value=message.value,
        chain_id=environment.chain_id,
        block_number=environment.block_number,
        timestamp=environment.timestamp,
        gas_limit=message.gas_limit,
        gas_used=Gas(0),
        logs=[],
    )


def execute_call(state: State, environment: BlockEnvironment, message: Message) -> CallResult:
    """The result of sending `message`; a failed call is undone entirely and names its error."""
    context = new_call_context(state, environment, message, message.to)
    begin_checkpoint(state)
    try:
        move_ether(state, message.sender, message.to, message.value)
        output = b""
        code = get_account(state, message.to).code
        # a call to an externally owned account is a plain transfer; its data is ignored
        if code:
            definition = find_contract(environment.contracts, code)
            method = find_method(definition, message.data[:SELECTOR_LENGTH])
            output = run_method(context, method, message.data[SELECTOR_LENGTH:])
    except L2RefError as error:
        rollback_checkpoint(state)
        return CallResult(False, context.gas_used, b"", (), type(error).__name__)
    commit_checkpoint(state)
    return CallResult(True, context.gas_used, output, tuple(context.logs), "")


def execute_creation(
    state: State, environment: BlockEnvironment, message: Message, sender_nonce: int
) -> CallResult:
    """The result of creating the contract named in the message data; a failure is undone."""
    address = compute_contract_address(message.sender, sender_nonce)
    context = new_call_context(state, environment, message, address)
    begin_checkpoint(state)
    try:
        contract_name, constructor_arguments = decode_creation_data(message.data)
        definition = find_contract(environment.contracts, contract_name)
        if get_account(state, address) != EMPTY_ACCOUNT:
            raise ContractAddressCollision(f"0x{address.hex()} is already in use")
        set_account(state, address, Account(nonce=0, balance=Wei(0), code=contract_name))
        move_ether(state, message.sender, address, message.value)
        run_method(context, definition.constructor, constructor_arguments)
    except L2RefError as error:
        rollback_checkpoint(state)
        return CallResult(False, context.gas_used, b"", (), type(error).__name__)
    commit_checkpoint(state)
    output = encode_abi(["address"], [address])
    return CallResult(True, context.gas_used, output, tuple(context.logs), "")
