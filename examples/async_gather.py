"""Many calls at once with AsyncClient and asyncio.gather."""

import asyncio

from _common import make_async_client


async def main() -> None:
    async with make_async_client() as client:
        results = await asyncio.gather(
            *(client.models.retrieve(f"model-{n}") for n in range(5)),
        )
        print("retrieved:", [model.id for model in results])


asyncio.run(main())
