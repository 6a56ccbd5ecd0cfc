"""A time-locked escrow: the example of an L1 contract written as spec code.

See specs/l1/escrow.md.
"""

from __future__ import annotations

from l2ref.encoding.abi import AbiValue, abi_bytes, abi_int
from l2ref.errors import EscrowLocked, EscrowNotFound
from l2ref.l1.contracts import (
    CallContext,
    ContractDefinition,
    Method,
    compute_storage_slot,
    emit_event,
    read_struct,
    read_uint,
    transfer_ether,
    write_struct,
    write_uint,
)
from l2ref.l1.types import Wei
from l2ref.types import Address, Hash32

ESCROW_CONTRACT_NAME = "Escrow"

ESCROW_RECORD_TYPES = ("address", "address", "uint256", "uint256")

NEXT_ESCROW_ID_SLOT = compute_storage_slot("next_escrow_id")


def compute_escrow_slot(escrow_id: int) -> Hash32:
    """The storage slot of escrow `escrow_id`'s record."""
    return compute_storage_slot("escrow", escrow_id.to_bytes(32, "big"))


def escrow_constructor(context: CallContext) -> tuple[AbiValue, ...]:
    """The Escrow constructor: set the next escrow id to 1."""
    write_uint(context, NEXT_ESCROW_ID_SLOT, 1)
    return ()


def escrow_deposit(
    context: CallContext, beneficiary: Address, release_time: int
) -> tuple[AbiValue, ...]:
    """Open an escrow of the ether sent for `beneficiary` until `release_time`; return its id."""
    escrow_id = read_uint(context, NEXT_ESCROW_ID_SLOT)
    write_uint(context, NEXT_ESCROW_ID_SLOT, escrow_id + 1)
    record: list[AbiValue] = [context.sender, beneficiary, context.value, release_time]
    write_struct(context, compute_escrow_slot(escrow_id), ESCROW_RECORD_TYPES, record)
    emit_event(context, "Deposited", ("uint256", *ESCROW_RECORD_TYPES), [escrow_id, *record])
    return (escrow_id,)


def escrow_release(context: CallContext, escrow_id: int) -> tuple[AbiValue, ...]:
    """Pay an escrow to its beneficiary and close it; raises EscrowNotFound or EscrowLocked."""
    slot = compute_escrow_slot(escrow_id)
    record = read_struct(context, slot, ESCROW_RECORD_TYPES)
    if record is None:
        raise EscrowNotFound(f"no open escrow {escrow_id}")
    _, beneficiary, amount, release_time = record
    if context.timestamp < abi_int(release_time):
        raise EscrowLocked(f"escrow {escrow_id} is locked until {abi_int(release_time)}")
    # the record goes before the ether, so that it cannot be released twice
    write_struct(context, slot, ESCROW_RECORD_TYPES, None)
    transfer_ether(context, Address(abi_bytes(beneficiary)), Wei(abi_int(amount)))
    emit_event(context, "Released", ("uint256",), [escrow_id])
    return ()


def escrow_get(context: CallContext, escrow_id: int) -> tuple[AbiValue, ...]:
    """The record (depositor, beneficiary, amount, release time); raises EscrowNotFound."""
    record = read_struct(context, compute_escrow_slot(escrow_id), ESCROW_RECORD_TYPES)
    if record is None:
        raise EscrowNotFound(f"no open escrow {escrow_id}")
    return record


ESCROW_CONTRACT = ContractDefinition(
    name=ESCROW_CONTRACT_NAME,
    constructor=Method("constructor", (), (), escrow_constructor),
    methods=(
        Method("deposit", ("address", "uint256"), ("uint256",), escrow_deposit, payable=True),
        Method("release", ("uint256",), (), escrow_release),
        Method("getEscrow", ("uint256",), ESCROW_RECORD_TYPES, escrow_get),
    ),
)
