"""Bulk inserts for the big writes (demo data, roster imports), in the caller's transaction.

On SQLite the rows go straight to the driver's executemany as tuples, with dates and times
already in SQLAlchemy's storage format: per-row type processing was two thirds of the time of
a 100,000-row insert.  Other databases get a Core ``insert`` (their drivers do the work).
The ORM's audit hook does not see these rows: callers record one summary audit entry.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Date, DateTime, Table, insert, text

from nlts_desktop.storage.base import UTCDateTime


class BulkInserter:
    """executemany into tables of one connection; remembers converted timestamps."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self._raw = connection.dialect.name == "sqlite"
        self._times: dict[date, str] = {}

    def _temporal(self, value: date | None) -> str | None:
        if value is None:
            return None
        text = self._times.get(value)
        if text is None:
            if isinstance(value, datetime):
                # As UTCDateTime stores it: naive UTC, SQLAlchemy's SQLite text format.
                naive = value.astimezone(UTC).replace(tzinfo=None)
                text = naive.isoformat(sep=" ", timespec="microseconds")
            else:
                text = value.isoformat()
            self._times[value] = text
        return text

    def insert(self, table: Table, rows: Sequence[Mapping[str, Any]]) -> int:
        """Insert rows that all have the same keys (column names); returns how many."""
        if not rows:
            return 0
        if not self._raw:
            self.connection.execute(insert(table), [dict(row) for row in rows])
            if "id" in rows[0] and self.connection.dialect.name == "postgresql":
                # Rows that came with their ids: the server's next id must follow them.
                self.connection.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"(SELECT MAX(id) FROM {table.name}))"
                    )
                )
            return len(rows)
        columns = [c.name for c in table.columns if c.name in rows[0]]
        sql = (
            f"INSERT INTO {table.name} ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)})"
        )
        getter = itemgetter(*columns)
        temporal = [
            i
            for i, name in enumerate(columns)
            if isinstance(table.c[name].type, Date | DateTime | UTCDateTime)
        ]
        convert = self._temporal
        data: list[tuple[Any, ...]] = []
        for row in rows:
            values = list(getter(row)) if len(columns) > 1 else [getter(row)]
            for i in temporal:
                values[i] = convert(values[i])
            data.append(tuple(values))
        self.connection.exec_driver_sql(sql, data)
        return len(rows)
