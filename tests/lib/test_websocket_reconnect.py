"""The pure reconnection policy and send queue of WebSocket connections."""

from __future__ import annotations

import pytest

import oai
from oai.lib.realtime.reconnect import ReconnectPolicy, SendQueue, is_recoverable_close


def test_delay_doubles_from_initial_delay_and_is_capped() -> None:
    policy = ReconnectPolicy({}, {}, max_retries=6, initial_delay=0.5, max_delay=3.0)
    assert [policy.delay(attempt) for attempt in range(1, 6)] == [0.5, 1.0, 2.0, 3.0, 3.0]


def test_no_attempt_after_max_retries_or_for_a_final_close_code() -> None:
    policy = ReconnectPolicy({}, {}, max_retries=2)
    assert policy.next_attempt(1006, 2) is not None
    assert policy.next_attempt(1006, 3) is None
    assert policy.next_attempt(1000, 1) is None  # normal closure
    assert policy.next_attempt(1008, 1) is None  # policy violation
    assert is_recoverable_close(1011) and is_recoverable_close(1001) and not is_recoverable_close(4000)


def test_on_reconnecting_overrides_replace_query_and_headers_for_later_attempts() -> None:
    events: list[oai.ReconnectingEvent] = []

    def hook(event: oai.ReconnectingEvent) -> oai.ReconnectingOverrides:
        events.append(event)
        return {"extra_headers": {"X-Session": "2"}}

    policy = ReconnectPolicy({"model": "m"}, {"X-Session": "1"}, max_retries=3, on_reconnecting=hook)
    first = policy.next_attempt(1006, 1)
    second = policy.next_attempt(1012, 2)
    assert first is not None and second is not None
    assert events[0].extra_headers == {"X-Session": "1"} and first.extra_headers == {"X-Session": "2"}
    assert events[1].extra_headers == {"X-Session": "2"} and events[1].close_code == 1012
    assert second.extra_query == {"model": "m"}


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"max_retries": -1}, "max_retries"),
        ({"initial_delay": -1.0}, "initial_delay"),
        ({"max_delay": 0.1}, "max_delay"),
    ],
)
def test_bad_settings_are_refused_naming_the_parameter(kwargs: dict[str, float], name: str) -> None:
    with pytest.raises(ValueError, match=f"`{name}`"):
        ReconnectPolicy({}, {}, **kwargs)  # type: ignore[arg-type]


def test_queue_refuses_events_beyond_max_queue_size_bytes() -> None:
    queue = SendQueue(max_size=10)
    queue.put("12345")
    queue.put("67890")
    with pytest.raises(oai.WebSocketQueueFullError, match="max_queue_size"):
        queue.put("x")
    assert queue.drain() == ["12345", "67890"] and len(queue) == 0
    queue.put("x")  # room again after draining


def test_queue_size_must_be_positive() -> None:
    with pytest.raises(ValueError, match="`max_queue_size`"):
        SendQueue(max_size=0)


def test_connect_validates_reconnection_settings_before_connecting() -> None:
    client = oai.OpenAI(api_key="k")
    with pytest.raises(ValueError, match="`max_retries`"):
        client.realtime.connect(model="m", max_retries=-1)
    with pytest.raises(ValueError, match="`max_queue_size`"):
        client.responses.connect(max_queue_size=0)
