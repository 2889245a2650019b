"""Run polling, sync and async: `runs.poll`, `runs.create_and_poll`,
`runs.submit_tool_outputs_and_poll` (deprecated, as officially) and
`threads.create_and_run_poll`; requests, poll headers and waits."""

from __future__ import annotations

import json
import warnings
from typing import List

import pytest

from oai.lib.polling import PollProgress, PollTimeoutError

from .assistant_events_fixture import run
from .polling_fakes import ScriptedAPI, make_client, reply, resolve, sleeps

MODES = pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
RUN_PATH = "/threads/thread_1/runs/run_1"


@MODES
def test_create_and_poll_creates_then_polls_until_requires_action(is_async: bool) -> None:
    api = ScriptedAPI(
        {
            ("POST", "/threads/thread_1/runs"): [reply(run("queued"))],
            ("GET", RUN_PATH): [
                reply(run("queued"), poll_after_ms=200),
                reply(run("in_progress"), poll_after_ms=700),
                reply(run("requires_action")),
            ],
        }
    )
    client = make_client(api, is_async)
    seen: List[PollProgress] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = resolve(
            client.beta.threads.runs.create_and_poll(
                thread_id="thread_1", assistant_id="asst_1", temperature=0.2, on_progress=seen.append
            )
        )
    assert result.status == "requires_action"
    assert len([w for w in caught if w.category is DeprecationWarning]) == 1  # the helper's own, no inner ones
    assert api.paths() == ["POST /threads/thread_1/runs"] + [f"GET {RUN_PATH}"] * 3
    assert json.loads(api.requests[0].content) == {"assistant_id": "asst_1", "temperature": 0.2}
    assert all(r.headers["x-stainless-poll-helper"] == "true" for r in api.requests[1:])
    assert sleeps(client) == [0.2, 0.7]
    assert [p.status for p in seen] == ["queued", "in_progress", "requires_action"]


@MODES
def test_poll_passes_request_options_and_custom_interval(is_async: bool) -> None:
    api = ScriptedAPI({("GET", RUN_PATH): [reply(run("in_progress"), poll_after_ms=900), reply(run("completed"))]})
    client = make_client(api, is_async)
    with pytest.warns(DeprecationWarning):
        result = resolve(
            client.beta.threads.runs.poll("run_1", "thread_1", {"x-trace": "t1"}, {"debug": "1"}, poll_interval_ms=40)
        )
    assert result.status == "completed"
    first = api.requests[0]
    assert first.headers["x-trace"] == "t1"
    assert first.headers["x-stainless-custom-poll-interval"] == "40"
    assert first.url.params["debug"] == "1"
    assert sleeps(client) == [0.04]


@MODES
def test_poll_timeout_names_the_run_and_its_status(is_async: bool) -> None:
    api = ScriptedAPI({("GET", RUN_PATH): [reply(run("queued"))]})
    client = make_client(api, is_async)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        with pytest.raises(PollTimeoutError, match=r"run 'run_1' is still 'queued' after waiting 3.0 s"):
            resolve(client.beta.threads.runs.poll("run_1", "thread_1", max_wait_seconds=3.5))
    assert sleeps(client) == [1.0, 1.0, 1.0]


@MODES
def test_submit_tool_outputs_and_poll_posts_outputs_then_polls(is_async: bool) -> None:
    api = ScriptedAPI(
        {
            ("POST", f"{RUN_PATH}/submit_tool_outputs"): [reply(run("queued"))],
            ("GET", RUN_PATH): [reply(run("completed"))],
        }
    )
    client = make_client(api, is_async)
    outputs = [{"tool_call_id": "call_a", "output": "12C"}]
    with pytest.warns(DeprecationWarning):
        result = resolve(
            client.beta.threads.runs.submit_tool_outputs_and_poll(
                tool_outputs=outputs, run_id="run_1", thread_id="thread_1"
            )
        )
    assert result.status == "completed"
    assert json.loads(api.requests[0].content) == {"tool_outputs": outputs}
    assert sleeps(client) == []


@MODES
def test_create_and_run_poll_polls_the_new_thread_run_without_warning(is_async: bool) -> None:
    api = ScriptedAPI(
        {
            ("POST", "/threads/runs"): [reply(run("queued", thread_id="thread_9"))],
            ("GET", "/threads/thread_9/runs/run_1"): [
                reply(run("in_progress", thread_id="thread_9"), poll_after_ms=300),
                reply(run("completed", thread_id="thread_9")),
            ],
        }
    )
    client = make_client(api, is_async)
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        result = resolve(
            client.beta.threads.create_and_run_poll(
                assistant_id="asst_1", thread={"messages": [{"role": "user", "content": "hi"}]}
            )
        )
    assert result.status == "completed"
    assert json.loads(api.requests[0].content) == {
        "assistant_id": "asst_1",
        "thread": {"messages": [{"role": "user", "content": "hi"}]},
    }
    assert sleeps(client) == [0.3]
