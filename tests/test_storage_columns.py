"""The one catalogue of export columns agrees with the SQL behind them and every format."""

from __future__ import annotations

from storage.columns import COLUMN_KINDS, WITH_OFFSET, Kind
from storage.parquet import arrow_type
from storage.repository import COLUMNS, OFFSETS


def test_catalogue_and_sql_list_the_same_columns_in_order() -> None:
    assert list(COLUMNS) == list(COLUMN_KINDS)
    assert set(OFFSETS) == WITH_OFFSET


def test_every_column_has_an_arrow_type_by_kind() -> None:
    import pyarrow as pa

    for name, kind in COLUMN_KINDS.items():
        expected = {Kind.INTEGER: pa.int64(), Kind.FLOAT: pa.float64(), Kind.TEXT: pa.string()}
        if kind in expected:
            assert arrow_type(name) == expected[kind]
