"""Property tests (hypothesis) for the request pieces that guard against hostile input: path
parameters always stay one segment under their resource, and no redirect to another origin
carries credentials. (The SSE, transform round-trip and lenient-parser properties live in
tests/core and are not repeated here.)"""

from __future__ import annotations

from urllib.parse import unquote

import httpx
from hypothesis import given, settings
from hypothesis import strategies as st

from oai._request import join_url, normalize_base_url, path_template, redirect_request

BASE = normalize_base_url("https://api.example.test/v1")
CREDENTIALS = {"Authorization": "Bearer sk-x", "api-key": "k", "OpenAI-Organization": "org", "OpenAI-Project": "p"}

_text = st.text(min_size=1, max_size=40)


@settings(max_examples=300, deadline=None)
@given(value=_text)
def test_any_path_value_stays_one_segment_on_the_same_host(value: str) -> None:
    url = join_url(BASE, path_template("/files/{file_id}/content", file_id=value))
    assert url.host == "api.example.test" and url.scheme == "https"
    assert url.query == b""
    prefix = b"/v1/files/"
    assert url.raw_path.startswith(prefix) and url.raw_path.endswith(b"/content")
    segment = url.raw_path[len(prefix) : -len(b"/content")]
    assert b"/" not in segment and b"?" not in segment and b"#" not in segment
    assert segment not in (b".", b"..")
    assert unquote(segment.decode("ascii")) == value


@settings(max_examples=200, deadline=None)
@given(
    host=st.just("api.example.test") | st.from_regex(r"[a-z][a-z0-9-]{0,20}\.(test|example|invalid)", fullmatch=True),
    port=st.none() | st.integers(min_value=1, max_value=65535),
    scheme=st.sampled_from(["http", "https"]),
    path=st.from_regex(r"(/[A-Za-z0-9._~-]{0,10}){0,3}", fullmatch=True),
    status=st.sampled_from([301, 302, 303, 307, 308]),
)
def test_no_redirect_to_another_origin_carries_credentials(
    host: str, port: int | None, scheme: str, path: str, status: int
) -> None:
    request = httpx.Request("POST", "https://api.example.test/v1/x", headers=CREDENTIALS, content=b"{}")
    location = f"{scheme}://{host}{f':{port}' if port else ''}{path}"
    response = httpx.Response(status, headers={"location": location}, request=request)
    follow = redirect_request(request, response)
    assert follow is not None
    is_same_origin = (follow.url.scheme, follow.url.host, follow.url.port) == ("https", "api.example.test", None)
    for name in CREDENTIALS:
        assert (name in follow.headers) is is_same_origin
