"""The vector value parsers accept exactly the canonical forms and fail only with l2ref errors."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from l2ref.errors import L2RefError
from l2ref.vectorgen.core import dec, hex_bytes, parse_bytes, parse_int


@given(st.binary(max_size=64))
def test_bytes_round_trip(data: bytes) -> None:
    assert parse_bytes(hex_bytes(data)) == data


@given(st.integers(min_value=-(2**300), max_value=2**300))
def test_integers_round_trip(number: int) -> None:
    assert parse_int(dec(number)) == number


@given(st.one_of(st.text(max_size=20), st.integers(), st.none(), st.booleans()))
def test_parsers_reject_with_l2ref_errors_only(value: object) -> None:
    for parse in (parse_bytes, parse_int):
        with contextlib.suppress(L2RefError):
            parse(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["0xAB", "ab", "0x0", "0x 1", "0x\u0661\u0662"])
def test_non_canonical_hex_is_rejected(text: str) -> None:
    with pytest.raises(L2RefError):
        parse_bytes(text)


@pytest.mark.parametrize("text", ["01", "+1", "1.0", "", "-", "-0", "1e3", "\u0663", " 1"])
def test_non_canonical_decimals_are_rejected(text: str) -> None:
    with pytest.raises(L2RefError):
        parse_int(text)
