"""The demo's stack holds the registry sandbox in the product's own process: what the sandbox would do as a
server of its own to be fast (a memory map of its file) must not count in the product's memory."""

from __future__ import annotations

from sqlalchemy import text

from cabinet.stack import Stack


async def test_the_embedded_registry_reads_its_file_without_a_memory_map(e2e_stack: Stack) -> None:
    async with e2e_stack.apps["registry"].state.engine.connect() as connection:
        assert await connection.scalar(text("PRAGMA mmap_size")) == 0
