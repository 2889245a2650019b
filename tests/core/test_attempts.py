"""The request loop's decisions, tested directly with no client, no I/O and no clock."""

from __future__ import annotations

import httpx
import pytest

import oai
from oai._attempts import CallAttempts, Decision, Retry, error_for_exception, next_redirect

URL = "https://api.example.test/v1/things"


def response(
    status: int, *, headers: dict[str, str] | None = None, content: bytes = b"", method: str = "GET"
) -> httpx.Response:
    return httpx.Response(status, headers=headers, content=content, request=httpx.Request(method, URL))


# -- retries ---------------------------------------------------------------------------------


def test_a_retryable_status_is_retried_until_the_budget_is_spent() -> None:
    call = CallAttempts(max_retries=2)
    first = call.after_response(response(503), replayable=True)
    second = call.after_response(response(503), replayable=True)
    third = call.after_response(response(503), replayable=True)
    assert isinstance(first, Retry) and isinstance(second, Retry)
    assert first.reason == "503 Service Unavailable"
    assert third is Decision.RAISE
    assert call.retries_taken == 2


def test_retry_after_sets_the_delay() -> None:
    step = CallAttempts(max_retries=1).after_response(response(429, headers={"retry-after": "3"}), replayable=True)
    assert step == Retry(delay=3.0, reason="429 Too Many Requests")


@pytest.mark.parametrize(
    ("status", "headers", "replayable"),
    [(400, {}, True), (503, {"x-should-retry": "false"}, True), (503, {}, False)],
    ids=["client-error", "server-says-no", "body-not-replayable"],
)
def test_responses_that_are_not_retried_raise(status: int, headers: dict[str, str], replayable: bool) -> None:
    call = CallAttempts(max_retries=5)
    assert call.after_response(response(status, headers=headers), replayable=replayable) is Decision.RAISE
    assert call.retries_taken == 0


def test_a_transport_error_is_retried_then_becomes_a_connection_error() -> None:
    call = CallAttempts(max_retries=1)
    exc = httpx.ConnectError("refused")
    retry = call.after_exception(exc, replayable=True)
    assert isinstance(retry, Retry) and retry.reason == "ConnectError"
    assert call.after_exception(exc, replayable=True) is None
    error = error_for_exception(exc, httpx.Request("GET", URL))
    assert type(error) is oai.APIConnectionError
    assert "ConnectError: refused" in str(error)


def test_a_timeout_becomes_a_timeout_error() -> None:
    assert isinstance(error_for_exception(httpx.ReadTimeout("slow"), httpx.Request("GET", URL)), oai.APITimeoutError)


def test_other_exceptions_are_not_retried_and_pass_through() -> None:
    exc = ValueError("a middleware bug")
    assert CallAttempts(max_retries=3).after_exception(exc, replayable=True) is None
    assert error_for_exception(exc, httpx.Request("GET", URL)) is exc


def test_too_many_redirects_are_not_retried() -> None:
    exc = httpx.TooManyRedirects("loop", request=httpx.Request("GET", URL))
    assert CallAttempts(max_retries=3).after_exception(exc, replayable=True) is None
    assert isinstance(error_for_exception(exc, exc.request), oai.APIConnectionError)


# -- what a response means -------------------------------------------------------------------


def test_a_success_is_returned() -> None:
    assert CallAttempts(max_retries=0).after_response(response(200), replayable=True) is Decision.RETURN


def test_a_redirect_that_was_not_followed_raises_a_status_error() -> None:
    redirect = response(302, headers={"location": "/v1/other?token=secret"})
    assert CallAttempts(max_retries=2).after_response(redirect, replayable=True) is Decision.RAISE
    error = CallAttempts.error_for(redirect)
    assert isinstance(error, oai.APIStatusError) and error.status_code == 302
    assert "https://api.example.test/v1/other" in str(error)
    assert "secret" not in str(error)


def test_a_streamed_call_answered_with_html_raises() -> None:
    page = response(200, headers={"content-type": "text/html"}, content=b"<html>proxy login</html>")
    call = CallAttempts(max_retries=2, stream=True)
    assert call.after_response(page, replayable=True) is Decision.RAISE
    error = call.error_for(page)
    assert isinstance(error, oai.APIResponseValidationError)
    assert "200" in str(error) and "text/html" in str(error) and "<html>proxy login" in str(error)


def test_a_streamed_call_answered_with_a_json_error_raises_the_status_error() -> None:
    body = b'{"error": {"message": "quota exceeded", "type": "insufficient_quota", "code": "insufficient_quota"}}'
    answer = response(429, headers={"content-type": "application/json"}, content=body)
    # A 429 is retried first, like any call...
    assert isinstance(CallAttempts(max_retries=1, stream=True).after_response(answer, replayable=True), Retry)
    error = CallAttempts.error_for(answer)
    assert isinstance(error, oai.RateLimitError) and error.code == "insufficient_quota"
    # ...and a JSON error with status 200 (some proxies) is a status error too, not a parse failure.
    ok_status = response(200, headers={"content-type": "application/json"}, content=body)
    assert CallAttempts(max_retries=1, stream=True).after_response(ok_status, replayable=True) is Decision.RAISE
    error = CallAttempts.error_for(ok_status)
    assert type(error) is oai.APIStatusError and "quota exceeded" in str(error)


@pytest.mark.parametrize("content_type", ["text/event-stream", "text/event-stream; charset=utf-8", None])
def test_an_event_stream_is_returned(content_type: str | None) -> None:
    headers = {"content-type": content_type} if content_type else {}
    call = CallAttempts(max_retries=0, stream=True)
    assert call.after_response(response(200, headers=headers), replayable=True) is Decision.RETURN


def test_raw_modes_leave_the_stream_check_to_the_stream() -> None:
    page = response(200, headers={"content-type": "text/html"})
    assert (
        CallAttempts(max_retries=0, stream=True, mode="stream").after_response(page, replayable=True) is Decision.RETURN
    )


def test_the_body_is_read_inside_the_attempt_unless_streamed() -> None:
    assert CallAttempts(max_retries=0).reads_body_now(response(200))
    assert not CallAttempts(max_retries=0, stream=True).reads_body_now(response(200))
    assert not CallAttempts(max_retries=0, mode="stream").reads_body_now(response(200))
    assert not CallAttempts(max_retries=0).reads_body_now(response(500))


# -- redirects --------------------------------------------------------------------------------


def test_next_redirect_is_none_when_not_following() -> None:
    redirect = response(302, headers={"location": "/v1/other"})
    kwargs = {"redirects_taken": 0, "max_redirects": 20}
    assert next_redirect(redirect.request, redirect, follow_redirects=False, **kwargs) is None
    followed = next_redirect(redirect.request, redirect, follow_redirects=True, **kwargs)
    assert followed is not None and followed.url == "https://api.example.test/v1/other"


def test_next_redirect_drops_credentials_across_origins() -> None:
    request = httpx.Request("GET", URL, headers={"Authorization": "Bearer sk-x", "api-key": "k", "X-Other": "1"})
    redirect = httpx.Response(307, headers={"location": "https://elsewhere.test/"}, request=request)
    followed = next_redirect(request, redirect, follow_redirects=True, redirects_taken=0, max_redirects=20)
    assert followed is not None
    assert "Authorization" not in followed.headers and "api-key" not in followed.headers
    assert followed.headers["X-Other"] == "1"


def test_next_redirect_raises_past_the_limit() -> None:
    redirect = response(302, headers={"location": "/v1/other"})
    with pytest.raises(httpx.TooManyRedirects, match="more than 5 times"):
        next_redirect(redirect.request, redirect, follow_redirects=True, redirects_taken=5, max_redirects=5)


def test_a_response_that_is_not_a_redirect_ends_the_hops() -> None:
    ok = response(200)
    assert next_redirect(ok.request, ok, follow_redirects=True, redirects_taken=99, max_redirects=1) is None
