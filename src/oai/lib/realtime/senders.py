"""Resource-style senders of a realtime connection, as the official SDK has them:
`connection.session.update(...)`, `connection.response.create(...)`,
`connection.conversation.item.create(...)`, ... Each builds one client event and hands it to the
connection's `send`; written once for sync (`R = None`) and async (`R = Awaitable[None]`)."""

from __future__ import annotations

from typing import Callable, Dict, Generic, Mapping, TypeVar, Union

import pydantic

from ..._types import Omit, omit

__all__ = [
    "RealtimeConversationItemResource",
    "RealtimeConversationResource",
    "RealtimeInputAudioBufferResource",
    "RealtimeOutputAudioBufferResource",
    "RealtimeResponseResource",
    "RealtimeSessionResource",
    "RealtimeTranscriptionSessionResource",
    "ResponsesResponseResource",
]

R = TypeVar("R", covariant=True)

Payload = Union[pydantic.BaseModel, Mapping[str, object]]
"""A nested object of an event (session, item, response): its model or a dict of the same shape."""


def client_event(type_: str, **fields: object) -> Dict[str, object]:
    """A client event dict: `type` plus every field that is not `omit`."""
    return {"type": type_, **{name: value for name, value in fields.items() if not isinstance(value, Omit)}}


class _Sender(Generic[R]):
    def __init__(self, send: Callable[[Dict[str, object]], R]) -> None:
        self._send = send


class RealtimeSessionResource(_Sender[R]):
    """`connection.session`: update the session."""

    def update(self, *, session: Payload, event_id: str | Omit = omit) -> R:
        """Send `session.update`: change the session's configuration (only the fields given)."""
        return self._send(client_event("session.update", session=session, event_id=event_id))


class RealtimeTranscriptionSessionResource(_Sender[R]):
    """`connection.transcription_session` (beta): update a transcription session."""

    def update(self, *, session: Payload, event_id: str | Omit = omit) -> R:
        """Send `transcription_session.update`."""
        return self._send(client_event("transcription_session.update", session=session, event_id=event_id))


class RealtimeResponseResource(_Sender[R]):
    """`connection.response`: start or cancel a model response."""

    def create(self, *, event_id: str | Omit = omit, response: Payload | Omit = omit) -> R:
        """Send `response.create`: ask the model for a response (inference settings optional)."""
        return self._send(client_event("response.create", event_id=event_id, response=response))

    def cancel(self, *, event_id: str | Omit = omit, response_id: str | Omit = omit) -> R:
        """Send `response.cancel`: stop the response in progress (or `response_id`)."""
        return self._send(client_event("response.cancel", event_id=event_id, response_id=response_id))


class RealtimeInputAudioBufferResource(_Sender[R]):
    """`connection.input_audio_buffer`: stream and commit input audio."""

    def append(self, *, audio: str, event_id: str | Omit = omit) -> R:
        """Send `input_audio_buffer.append` with base64-encoded audio bytes."""
        return self._send(client_event("input_audio_buffer.append", audio=audio, event_id=event_id))

    def clear(self, *, event_id: str | Omit = omit) -> R:
        """Send `input_audio_buffer.clear`."""
        return self._send(client_event("input_audio_buffer.clear", event_id=event_id))

    def commit(self, *, event_id: str | Omit = omit) -> R:
        """Send `input_audio_buffer.commit`: turn the buffered audio into a user message item."""
        return self._send(client_event("input_audio_buffer.commit", event_id=event_id))


class RealtimeOutputAudioBufferResource(_Sender[R]):
    """`connection.output_audio_buffer` (WebRTC and SIP sessions)."""

    def clear(self, *, event_id: str | Omit = omit) -> R:
        """Send `output_audio_buffer.clear`: cut off the audio being played."""
        return self._send(client_event("output_audio_buffer.clear", event_id=event_id))


class RealtimeConversationItemResource(_Sender[R]):
    """`connection.conversation.item`: add, read, truncate or delete conversation items."""

    def create(self, *, item: Payload, event_id: str | Omit = omit, previous_item_id: str | Omit = omit) -> R:
        """Send `conversation.item.create`: add a message, function call or call output."""
        return self._send(
            client_event("conversation.item.create", item=item, event_id=event_id, previous_item_id=previous_item_id)
        )

    def delete(self, *, item_id: str, event_id: str | Omit = omit) -> R:
        """Send `conversation.item.delete`."""
        return self._send(client_event("conversation.item.delete", item_id=item_id, event_id=event_id))

    def retrieve(self, *, item_id: str, event_id: str | Omit = omit) -> R:
        """Send `conversation.item.retrieve`; the server answers `conversation.item.retrieved`."""
        return self._send(client_event("conversation.item.retrieve", item_id=item_id, event_id=event_id))

    def truncate(self, *, audio_end_ms: int, content_index: int, item_id: str, event_id: str | Omit = omit) -> R:
        """Send `conversation.item.truncate`: drop an assistant message's audio after `audio_end_ms`."""
        return self._send(
            client_event(
                "conversation.item.truncate",
                audio_end_ms=audio_end_ms,
                content_index=content_index,
                item_id=item_id,
                event_id=event_id,
            )
        )


class RealtimeConversationResource(_Sender[R]):
    """`connection.conversation`: holds `item`."""

    def __init__(self, send: Callable[[Dict[str, object]], R]) -> None:
        super().__init__(send)
        self.item = RealtimeConversationItemResource(send)


class ResponsesResponseResource(_Sender[R]):
    """`connection.response` of a Responses WebSocket connection."""

    def create(self, *, stream_id: str | Omit = omit, **params: object) -> R:
        """Send `response.create` with the fields of `POST /v1/responses` (`model`, `input`, ...).

        Args:
            stream_id: the WebSocket lane; responses on one lane are processed in order.
            **params: the request fields; `stream` is implied and `background` is not supported.
        """
        return self._send(client_event("response.create", stream_id=stream_id, **params))
