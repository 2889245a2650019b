"""The core's small value classes keep the contract of the frozen dataclasses they replaced:
immutable, compared by value, readable reprs, copies through `with_changes`."""

from __future__ import annotations

import pytest

from oai._attempts import CallAttempts, Retry
from oai._options import FinalRequestOptions
from oai._params import PropertyInfo


def test_final_request_options_are_immutable_and_copied_with_changes() -> None:
    options = FinalRequestOptions.build("post", "/chat/completions", body={"model": "m"})
    with pytest.raises(AttributeError, match="immutable"):
        options.url = "/other"
    with pytest.raises(AttributeError, match="immutable"):
        del options.url
    changed = options.with_changes(params={"after": "x"})
    assert changed.params == {"after": "x"} and options.params == {}
    assert changed.json_data == {"model": "m"} and changed.method == "post"
    assert changed != options and options.with_changes() == options
    with pytest.raises(TypeError, match="no field 'paramz'"):
        options.with_changes(paramz={})


def test_final_request_options_defaults_are_fresh_and_repr_names_every_field() -> None:
    first, second = FinalRequestOptions("get", "/models"), FinalRequestOptions("get", "/models")
    assert first.params == {} and first.params is not second.params
    assert first.headers == {} and first.headers is not second.headers
    text = repr(first)
    assert text.startswith("FinalRequestOptions(method='get', url='/models', params={}")
    assert "post_parser=None" in text


def test_property_info_is_a_hashable_immutable_value() -> None:
    info = PropertyInfo(alias="created-after", format="iso8601")
    assert info == PropertyInfo(alias="created-after", format="iso8601")
    assert info != PropertyInfo(alias="created-after")
    assert len({info, PropertyInfo(alias="created-after", format="iso8601")}) == 1
    assert repr(info) == "PropertyInfo(alias='created-after', format='iso8601', format_template=None)"
    with pytest.raises(AttributeError, match="immutable"):
        info.alias = "x"
    with pytest.raises(ValueError, match="format_template"):
        PropertyInfo(format="custom")


def test_retry_and_call_attempts_values() -> None:
    assert Retry(delay=1.0, reason="429") == Retry(1.0, "429")
    attempts = CallAttempts(max_retries=2)
    assert (attempts.max_retries, attempts.stream, attempts.mode, attempts.retries_taken) == (2, False, None, 0)
    assert repr(attempts) == "CallAttempts(max_retries=2, stream=False, mode=None, retries_taken=0)"
