"""Change counters of the directory tables (doctors, parties, divisions, legal entities), kept by the database.

The portal keeps a listing's order between the pages of a walk (`portal.ordering`) and must notice any change
to the rows it orders, whichever way it comes: a route, a control, or a test writing through its own session.
A fingerprint computed by scanning the rows (their count and latest change) cost 22 ms a page at 100,000
doctors and missed changes that leave `updated_at` alone; a trigger per table bumps a counter in the writing
transaction itself, so the check is one read of a tiny table. Triggers are installed on SQLite, the sandbox's
database; elsewhere `counted` is False and callers fingerprint the rows themselves.
"""

from __future__ import annotations

from sqlalchemy import Connection, Select, func, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from sandbox.registry.core.models import TableChanges

# Legal entities too: the portal filters doctors by their legal entity's status.
WATCHED = ("employees", "parties", "divisions", "legal_entities")


def _sqlite_triggers() -> list[str]:
    return [
        # Our own table names, never input: nothing to inject.
        f"CREATE TRIGGER IF NOT EXISTS {table}_counted_{event.lower()} AFTER {event} ON {table} BEGIN "  # noqa: S608
        f"UPDATE {TableChanges.__tablename__} SET changes = changes + 1 WHERE table_name = '{table}'; END"
        for table in WATCHED
        for event in ("INSERT", "UPDATE", "DELETE")
    ]


def install(connection: Connection) -> None:
    """Create the counters and their triggers where missing (a database seeded before them gets them too)."""
    if connection.dialect.name != "sqlite":
        return
    counters = [{"table_name": table, "changes": 0} for table in WATCHED]
    connection.execute(sqlite_insert(TableChanges).values(counters).on_conflict_do_nothing())
    for trigger in _sqlite_triggers():
        connection.exec_driver_sql(trigger)


def counted(session: AsyncSession) -> bool:
    """Whether this database keeps the counters."""
    return session.get_bind().dialect.name == "sqlite"


def changes_of(*tables: str) -> Select[tuple[int | None]]:
    """A value that grows with every insert, update or delete in `tables` (WATCHED ones)."""
    return select(func.sum(TableChanges.changes)).where(TableChanges.table_name.in_(tables))
