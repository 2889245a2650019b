"""Structured outputs: `parse()` with a pydantic model, for Chat Completions and Responses.

Against the Prism mock (the default) the reply is the spec's example data, not JSON for the
model, so `parsed` may be None; against the real API it is a `CalendarEvent`.
"""

from typing import List

import pydantic
from _common import make_client


class CalendarEvent(pydantic.BaseModel):
    name: str
    date: str
    participants: List[str]


client = make_client()
messages = [
    {"role": "system", "content": "Extract the event information."},
    {"role": "user", "content": "Alice and Bob are going to a science fair on Friday."},
]
try:
    completion = client.chat.completions.parse(model="gpt-4o-mini", messages=messages, response_format=CalendarEvent)  # type: ignore[arg-type]
    message = completion.choices[0].message
    print("chat parsed:", message.parsed, "| refusal:", message.refusal)
except pydantic.ValidationError as exc:  # the mock's example content is not a CalendarEvent
    print("chat: the reply did not match CalendarEvent:", exc.error_count(), "error(s)")

try:
    response = client.responses.parse(
        model="gpt-4o-mini", input="Alice and Bob meet on Friday.", text_format=CalendarEvent
    )
    print("responses output_parsed:", response.output_parsed)
except pydantic.ValidationError as exc:
    print("responses: the output did not match CalendarEvent:", exc.error_count(), "error(s)")
