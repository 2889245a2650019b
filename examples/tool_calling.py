"""Tool calling with `oai.pydantic_function_tool`: strict schemas out, `parsed_arguments` back.

Against the Prism mock the tool call names are example strings, so `parsed_arguments` stays
None; against the real API it is a `GetWeather` instance.
"""

from typing import Literal

import pydantic
from _common import make_client

import oai


class GetWeather(pydantic.BaseModel):
    """Get the current weather in a city."""

    city: str
    unit: Literal["celsius", "fahrenheit"] = "celsius"


tool = oai.pydantic_function_tool(GetWeather)
print("tool schema sent:", tool["function"]["parameters"])

client = make_client()
completion = client.chat.completions.parse(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": "What's the weather in Paris?"}],
    tools=[tool],
)
for call in completion.choices[0].message.tool_calls or []:
    function = getattr(call, "function", None)
    if function is not None:
        print("call:", function.name, function.arguments, "->", function.parsed_arguments)
