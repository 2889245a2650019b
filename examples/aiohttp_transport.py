"""The async client on aiohttp's connection pool (`pip install 'oai[aiohttp]'`)."""

from __future__ import annotations

import asyncio

from _common import apply_defaults

import oai
from oai.lib.aiohttp import DefaultAioHttpClient


async def main() -> None:
    apply_defaults()
    async with oai.AsyncClient(http_client=DefaultAioHttpClient()) as client:
        models = await asyncio.gather(*(client.models.retrieve(f"model-{n}") for n in range(3)))
        print("retrieved over aiohttp:", [model.id for model in models])
        page = await client.models.list()
        print("models listed:", len(page.data))


asyncio.run(main())
