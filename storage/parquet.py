"""Parquet export: typed Arrow columns, written one row group at a time."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

from storage.columns import Kind, kind

ROW_GROUP = 10_000
ARROW_TYPES = {
    Kind.TEXT: pa.string(),
    Kind.INTEGER: pa.int64(),
    Kind.FLOAT: pa.float64(),
    Kind.LIST: pa.list_(pa.string()),
    Kind.DATETIME: pa.timestamp("us", tz="UTC"),
}


def arrow_type(column: str) -> Any:
    """The Arrow type of an export column, by its kind in the catalogue."""
    return ARROW_TYPES[kind(column)]


def write_parquet(rows: Iterable[dict[str, Any]], columns: list[str], out: IO[bytes]) -> None:
    """Write rows to ``out`` as Parquet (zstd), one row group per 10,000 rows."""
    schema = pa.schema([(c, arrow_type(c)) for c in columns])
    iterator = iter(rows)
    n = 0
    with pq.ParquetWriter(out, schema, compression="zstd") as writer:
        while chunk := list(islice(iterator, ROW_GROUP)):
            arrays = [pa.array([r[c] for r in chunk], type=arrow_type(c)) for c in columns]
            writer.write_table(pa.Table.from_arrays(arrays, schema=schema))
            n += len(chunk)
        if n == 0:
            writer.write_table(schema.empty_table())
