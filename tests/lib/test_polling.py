"""`oai.lib.polling.Poller`: the wait between polls, the timeout and progress, without I/O."""

from __future__ import annotations

from typing import List, Optional

import httpx
import pytest

from oai import omit
from oai.lib.polling import Poller, PollProgress, PollTimeoutError, poll_headers


def _status_of(status: str) -> str:
    return status


def _is_done(status: str) -> bool:
    return status == "done"


def make_poller(
    *, poll_interval_ms: int | object = omit, max_wait: Optional[float] = None, clock: Optional[List[float]] = None
) -> Poller[str]:
    times = clock if clock is not None else [0.0]
    return Poller(
        object="thing",
        id="t_1",
        is_done=_is_done,
        status_of=_status_of,
        poll_interval_ms=poll_interval_ms,  # type: ignore[arg-type]  # tests pass omit or an int
        max_wait_seconds=max_wait,
        clock=lambda: times[0],
    )


def hint(ms: str) -> httpx.Headers:
    return httpx.Headers({"openai-poll-after-ms": ms})


def test_server_hint_is_used_when_no_interval_is_given() -> None:
    assert make_poller().observe("busy", hint("1500")) == 1.5


def test_explicit_interval_beats_the_server_hint() -> None:
    assert make_poller(poll_interval_ms=200).observe("busy", hint("1500")) == 0.2


@pytest.mark.parametrize("value", ["soon", "-5", ""])
def test_malformed_hint_falls_back_to_the_default(value: str) -> None:
    assert make_poller().observe("busy", hint(value)) == 1.0


def test_done_object_stops_the_wait() -> None:
    assert make_poller().observe("done", hint("100")) is None


def test_timeout_counts_requested_sleeps_even_when_the_clock_stands_still() -> None:
    poller = make_poller(max_wait=2.5)
    assert poller.observe("busy", hint("1000")) == 1.0
    assert poller.observe("busy", hint("1000")) == 1.0
    with pytest.raises(PollTimeoutError) as caught:
        poller.observe("busy", hint("1000"))
    assert str(caught.value) == "thing 't_1' is still 'busy' after waiting 2.0 s (max_wait_seconds)"
    assert caught.value.waited == 2.0


def test_timeout_counts_real_time_too() -> None:
    clock = [0.0]
    poller = make_poller(max_wait=5.0, clock=clock)
    clock[0] = 4.5  # a slow request
    with pytest.raises(PollTimeoutError, match=r"after waiting 4\.5 s"):
        poller.observe("busy", hint("1000"))


def test_progress_reports_each_observation() -> None:
    seen: List[PollProgress] = []
    poller = Poller(
        object="thing",
        id="t_1",
        is_done=_is_done,
        status_of=_status_of,
        counts_of=lambda status: (1, 2),
        poll_interval_ms=omit,
        on_progress=seen.append,
    )
    poller.observe("busy", httpx.Headers())
    poller.observe("done", httpx.Headers())
    assert [(p.status, p.attempt, p.completed, p.total, p.fraction) for p in seen] == [
        ("busy", 1, 1, 2, 0.5),
        ("done", 2, 1, 2, 0.5),
    ]


def test_negative_arguments_name_the_parameter() -> None:
    with pytest.raises(ValueError, match="`poll_interval_ms`"):
        make_poller(poll_interval_ms=-1)
    with pytest.raises(ValueError, match="`max_wait_seconds`"):
        make_poller(max_wait=-1)


def test_poll_headers_mark_the_helper_and_a_custom_interval() -> None:
    assert poll_headers(omit) == {"X-Stainless-Poll-Helper": "true"}
    assert poll_headers(250, {"x-trace": "1"}) == {
        "X-Stainless-Poll-Helper": "true",
        "X-Stainless-Custom-Poll-Interval": "250",
        "x-trace": "1",
    }
