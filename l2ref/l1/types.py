"""Scalar types of the L1 model. See specs/l1/types.md."""

from typing import NewType

Wei = NewType("Wei", int)

Gas = NewType("Gas", int)

Seconds = NewType("Seconds", int)

BlockNumber = NewType("BlockNumber", int)

ChainId = NewType("ChainId", int)
