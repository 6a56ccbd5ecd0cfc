"""Scalar types shared by every module. See specs/types.md."""

from typing import NewType

Hash32 = NewType("Hash32", bytes)

Address = NewType("Address", bytes)

HASH32_LENGTH = 32

ADDRESS_LENGTH = 20
