"""Tests for request logging, env-driven setup and header redaction in `oai._logging`."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from typing import NoReturn

import httpx
import pytest

from oai import _logging
from oai._logging import log_request, log_response, log_retry, logger, redact_headers, setup_logging

FAKE_KEY = "sk-test-SECRET-123"
URL = "https://api.test/v1/chat/completions?api-version=2024-01-01&key=QUERY-SECRET"


def make_request() -> httpx.Request:
    return httpx.Request(
        "POST",
        URL,
        headers={"Authorization": f"Bearer {FAKE_KEY}", "OpenAI-Organization": "org-1", "Api-Key": FAKE_KEY},
        json={"prompt": "BODY-SECRET"},
    )


def make_response(request: httpx.Request, status: int = 200) -> httpx.Response:
    return httpx.Response(
        status,
        headers={"x-request-id": "req_abc123", "Set-Cookie": f"session={FAKE_KEY}", "content-type": "application/json"},
        content=b'{"answer": "BODY-SECRET"}',
        request=request,
    )


class ExplodingHeaders(httpx.Headers):
    """Headers that fail loudly if anything reads them."""

    def items(self) -> NoReturn:
        raise AssertionError("headers were formatted while logging was disabled")

    def get(self, key: str, default: object = None) -> NoReturn:
        raise AssertionError("headers were read while logging was disabled")


@pytest.fixture(autouse=True)
def restore_logger() -> Iterator[None]:
    level, handlers, propagate = logger.level, list(logger.handlers), logger.propagate
    yield
    logger.setLevel(level)
    logger.handlers[:] = handlers
    logger.propagate = propagate


def all_text(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(record.getMessage() for record in caplog.records)


# --- redact_headers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "Authorization",
        "authorization",
        "API-KEY",
        "api-key",
        "X-Api-Key",
        "Proxy-Authorization",
        "Cookie",
        "set-cookie",
    ],
)
def test_redact_headers_hides_credentials_in_any_case(name: str) -> None:
    assert redact_headers({name: FAKE_KEY, "Accept": "application/json"}) == {
        name: "<redacted>",
        "Accept": "application/json",
    }


def test_redact_headers_keeps_other_headers_and_returns_a_copy() -> None:
    source = {"OpenAI-Organization": "org-1", "X-Request-Id": "req_1"}
    redacted = redact_headers(source)
    assert redacted == source
    assert redacted is not source


def test_redact_headers_accepts_httpx_headers() -> None:
    redacted = redact_headers(httpx.Headers({"Authorization": f"Bearer {FAKE_KEY}", "OpenAI-Project": "p"}))
    assert redacted == {"authorization": "<redacted>", "openai-project": "p"}


# --- log_request / log_response / log_retry at info --------------------------------------------


def test_log_request_info_line_has_method_path_and_retry_count(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="oai")
    log_request(make_request(), retries_taken=2)
    [record] = caplog.records
    assert record.levelno == logging.INFO
    assert record.name == "oai"
    assert record.getMessage() == "HTTP request: POST /v1/chat/completions (retries taken: 2)"


def test_log_response_info_line_has_status_and_request_id(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="oai")
    log_response(make_response(make_request(), 429), retries_taken=1)
    [record] = caplog.records
    assert record.getMessage() == (
        "HTTP response: POST /v1/chat/completions 429 Too Many Requests (request id: req_abc123, retries taken: 1)"
    )


def test_log_response_without_request_id(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="oai")
    response = httpx.Response(204, request=httpx.Request("DELETE", "https://api.test/v1/files/file-1"))
    log_response(response, retries_taken=0)
    assert (
        all_text(caplog) == "HTTP response: DELETE /v1/files/file-1 204 No Content (request id: None, retries taken: 0)"
    )


def test_log_retry_info_line_has_delay_reason_and_retry_number(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="oai")
    log_retry(make_request(), retries_taken=0, delay=0.5, reason="429 Too Many Requests")
    assert all_text(caplog) == "Retrying POST /v1/chat/completions in 0.500 s (retry 1, reason: 429 Too Many Requests)"


def test_info_level_logs_no_headers_query_or_body(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="oai")
    request = make_request()
    log_request(request, retries_taken=0)
    log_response(make_response(request), retries_taken=0)
    log_retry(request, retries_taken=0, delay=1.0, reason="ReadTimeout")
    text = all_text(caplog)
    assert len(caplog.records) == 3
    for secret in (FAKE_KEY, "QUERY-SECRET", "BODY-SECRET", "org-1"):
        assert secret not in text


# --- debug -------------------------------------------------------------------------------------


def test_debug_level_adds_redacted_headers(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="oai")
    request = make_request()
    log_request(request, retries_taken=0)
    log_response(make_response(request), retries_taken=0)
    debug = [r.getMessage() for r in caplog.records if r.levelno == logging.DEBUG]
    assert len(debug) == 2
    assert debug[0].startswith("HTTP request headers: ")
    assert "'authorization': '<redacted>'" in debug[0]
    assert "'api-key': '<redacted>'" in debug[0]
    assert "'openai-organization': 'org-1'" in debug[0]
    assert debug[1].startswith("HTTP response headers: ")
    assert "'set-cookie': '<redacted>'" in debug[1]
    assert "'x-request-id': 'req_abc123'" in debug[1]


def test_debug_level_never_logs_key_query_or_body(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="oai")
    request = make_request()
    log_request(request, retries_taken=0)
    log_response(make_response(request), retries_taken=0)
    log_retry(request, retries_taken=1, delay=2.0, reason="500 Internal Server Error")
    text = all_text(caplog)
    assert "<redacted>" in text
    for secret in (FAKE_KEY, "SECRET-123", "QUERY-SECRET", "BODY-SECRET"):
        assert secret not in text


# --- disabled logging is cheap -----------------------------------------------------------------


@pytest.mark.parametrize("level", [logging.WARNING, logging.INFO])
def test_disabled_debug_never_touches_headers(caplog: pytest.LogCaptureFixture, level: int) -> None:
    caplog.set_level(level, logger="oai")
    request = httpx.Request("GET", "https://api.test/v1/models")
    request.headers = ExplodingHeaders()
    log_request(request, retries_taken=0)
    expected = 1 if level == logging.INFO else 0
    assert len(caplog.records) == expected


def test_disabled_info_never_reads_response(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="oai")
    request = httpx.Request("GET", "https://api.test/v1/models")
    request.headers = ExplodingHeaders()
    response = httpx.Response(200, request=request)
    response.headers = ExplodingHeaders()
    log_response(response, retries_taken=0)
    log_retry(request, retries_taken=0, delay=1.0, reason="x")
    assert caplog.records == []


# --- setup_logging -----------------------------------------------------------------------------


@pytest.fixture
def fresh_setup(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_logging, "_is_set_up", False)
    monkeypatch.delenv("OAI_LOG", raising=False)
    monkeypatch.delenv("OPENAI_LOG", raising=False)
    logger.setLevel(logging.NOTSET)
    logger.handlers.clear()


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"OAI_LOG": "info"}, logging.INFO),
        ({"OAI_LOG": "debug"}, logging.DEBUG),
        ({"OPENAI_LOG": "info"}, logging.INFO),
        ({"OPENAI_LOG": "DEBUG"}, logging.DEBUG),
        ({"OAI_LOG": " Info "}, logging.INFO),
        ({"OAI_LOG": "debug", "OPENAI_LOG": "info"}, logging.DEBUG),
        ({"OAI_LOG": "verbose", "OPENAI_LOG": "info"}, logging.INFO),
    ],
)
def test_setup_logging_reads_level_from_env(
    fresh_setup: None, monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: int
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    setup_logging()
    assert logger.level == expected
    [handler] = logger.handlers
    assert isinstance(handler, logging.StreamHandler)


@pytest.mark.parametrize("env", [{}, {"OAI_LOG": "verbose"}, {"OPENAI_LOG": "trace"}, {"OAI_LOG": ""}])
def test_setup_logging_ignores_missing_or_unknown_values(
    fresh_setup: None, monkeypatch: pytest.MonkeyPatch, env: dict[str, str]
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    setup_logging()
    assert logger.level == logging.NOTSET
    assert logger.handlers == []


def test_setup_logging_is_idempotent_and_reads_env_once(fresh_setup: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_LOG", "info")
    setup_logging()
    monkeypatch.setenv("OPENAI_LOG", "debug")
    setup_logging()
    setup_logging()
    assert logger.level == logging.INFO
    assert len(logger.handlers) == 1


def test_setup_logging_keeps_an_existing_handler(fresh_setup: None, monkeypatch: pytest.MonkeyPatch) -> None:
    existing = logging.NullHandler()
    logger.addHandler(existing)
    monkeypatch.setenv("OAI_LOG", "debug")
    setup_logging()
    assert logger.handlers == [existing]
    assert logger.level == logging.DEBUG


def test_setup_logging_handler_writes_to_stderr(
    fresh_setup: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("OAI_LOG", "info")
    logger.propagate = False
    setup_logging()
    log_request(httpx.Request("GET", "https://api.test/v1/models"), retries_taken=0)
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "INFO oai: HTTP request: GET /v1/models (retries taken: 0)" in captured.err


# --- no duplicate lines, whatever handlers the application sets up -------------------------


@pytest.fixture
def app_logging(fresh_setup: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[io.StringIO]:
    """A stream the application's `basicConfig()` writes to; tests start with `_bare_root`."""
    monkeypatch.setattr(logger, "propagate", True)
    stream = io.StringIO()
    yield stream
    for handler in logging.root.handlers:
        handler.close()


def _bare_root(monkeypatch: pytest.MonkeyPatch) -> None:
    # Called in the test body: pytest adds its capture handlers to the root when the test
    # starts; monkeypatch puts them back afterwards.
    monkeypatch.setattr(logging.root, "handlers", [])


def _log_one_request() -> None:
    log_request(httpx.Request("GET", "https://api.test/v1/models"), retries_taken=0)


@pytest.mark.parametrize("basic_config_first", [True, False], ids=["basicConfig-first", "basicConfig-after"])
def test_oai_log_with_basic_config_prints_each_line_once(
    app_logging: io.StringIO,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    basic_config_first: bool,
) -> None:
    _bare_root(monkeypatch)
    monkeypatch.setenv("OAI_LOG", "debug")
    if basic_config_first:
        logging.basicConfig(stream=app_logging)
        setup_logging()
    else:
        setup_logging()  # the client is built before the application configures logging
        logging.basicConfig(stream=app_logging)
    _log_one_request()
    assert app_logging.getvalue().count("HTTP request: GET /v1/models") == 1
    assert app_logging.getvalue().count("HTTP request headers:") == 1
    assert "HTTP request" not in capsys.readouterr().err


def test_oai_log_without_app_handlers_prints_to_stderr_once(
    app_logging: io.StringIO, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _bare_root(monkeypatch)
    monkeypatch.setenv("OAI_LOG", "info")
    setup_logging()
    _log_one_request()
    assert capsys.readouterr().err.count("HTTP request: GET /v1/models") == 1


def test_a_handler_the_app_adds_to_the_oai_logger_is_the_only_one_used(
    app_logging: io.StringIO, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _bare_root(monkeypatch)
    monkeypatch.setenv("OAI_LOG", "info")
    setup_logging()
    mine = logging.StreamHandler(app_logging)
    logger.addHandler(mine)
    _log_one_request()
    assert app_logging.getvalue().count("HTTP request: GET /v1/models") == 1
    assert capsys.readouterr().err == ""


def test_records_an_app_handler_drops_by_level_still_reach_stderr(
    app_logging: io.StringIO, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # OAI_LOG=debug asks for the debug lines; a root handler at WARNING would not show them.
    _bare_root(monkeypatch)
    monkeypatch.setenv("OAI_LOG", "debug")
    setup_logging()
    warnings_only = logging.StreamHandler(app_logging)
    warnings_only.setLevel(logging.WARNING)
    logging.root.addHandler(warnings_only)
    _log_one_request()
    assert app_logging.getvalue() == ""
    assert capsys.readouterr().err.count("HTTP request: GET /v1/models") == 1
