"""Tests of the public surface: `oai.__all__` sorted and resolvable, lazy loading of clients,
resources and types, public `__module__` names, and the sync/async client pair matching."""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
from typing import Any, List

import pytest

import oai


def isort_key(name: str) -> tuple[int, str]:
    # The order ruff's RUF022 keeps: CONSTANTS, then Classes, then everything else.
    if name.isupper():
        return (0, name)
    if name[0].isupper():
        return (1, name)
    return (2, name)


def test_all_is_sorted_and_unique() -> None:
    assert list(oai.__all__) == sorted(oai.__all__, key=isort_key)
    assert len(set(oai.__all__)) == len(oai.__all__)


@pytest.mark.parametrize("name", list(oai.__all__))
def test_every_name_in_all_resolves(name: str) -> None:
    assert getattr(oai, name) is not None


def test_dir_lists_the_public_names() -> None:
    assert dir(oai) == sorted(oai.__all__)


def test_unknown_attribute_raises_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        oai.no_such_name  # noqa: B018  # the attribute access is the test


def loaded_modules_after(code: str) -> List[str]:
    """The `oai` modules loaded by a fresh interpreter after running `code`."""
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(m for m in sys.modules if m.startswith('oai'))))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_import_oai_loads_no_client_resources_or_types() -> None:
    modules = loaded_modules_after("import oai")
    assert "oai" in modules
    assert "oai._client" not in modules
    assert "oai._base_client" not in modules
    assert not [m for m in modules if m.startswith(("oai.resources", "oai.types", "oai.lib"))]


def test_touching_the_client_loads_it_but_no_resources_or_types() -> None:
    modules = loaded_modules_after("import oai\noai.Client")
    assert "oai._client" in modules
    assert not [m for m in modules if m.startswith(("oai.resources", "oai.types"))]


def test_public_exceptions_and_omit_show_the_oai_module() -> None:
    for name in (
        "APIConnectionError",
        "APIError",
        "APIResponseValidationError",
        "APIStatusError",
        "APITimeoutError",
        "AuthenticationError",
        "BadRequestError",
        "ConflictError",
        "InternalServerError",
        "NotFoundError",
        "OpenAIError",
        "PermissionDeniedError",
        "RateLimitError",
        "UnprocessableEntityError",
    ):
        assert getattr(oai, name).__module__ == "oai", name
    assert type(oai.omit).__module__ == "oai"
    assert oai.Omit is type(oai.omit)
    assert oai.NOT_GIVEN is oai.omit


def public_members(cls: type) -> dict[str, Any]:
    return {name: member for name, member in inspect.getmembers(cls) if not name.startswith("_")}


def test_sync_and_async_clients_expose_the_same_public_names() -> None:
    assert sorted(public_members(oai.Client)) == sorted(public_members(oai.AsyncClient))


@pytest.mark.parametrize("name", ["get", "post", "put", "patch", "delete", "get_api_list", "with_options", "close"])
def test_sync_and_async_client_methods_take_the_same_parameters(name: str) -> None:
    sync_params = list(inspect.signature(getattr(oai.Client, name)).parameters)
    async_params = list(inspect.signature(getattr(oai.AsyncClient, name)).parameters)
    assert sync_params == async_params


def test_sync_and_async_client_constructors_take_the_same_parameters() -> None:
    assert list(inspect.signature(oai.Client.__init__).parameters) == list(
        inspect.signature(oai.AsyncClient.__init__).parameters
    )


def test_constructing_a_client_does_not_load_the_params_transform() -> None:
    # Regression: the raw verbs' body handling imported `_transform` eagerly.
    modules = loaded_modules_after("import oai\noai.OpenAI(api_key='sk-x')")
    assert "oai._transform" not in modules


def test_constructing_a_client_does_not_build_pydantic_models() -> None:
    # Regression: the request-loop decisions imported `_streaming` (and with it the models)
    # eagerly, making `import oai` + `OpenAI()` half as slow again as `import httpx, pydantic`.
    modules = loaded_modules_after("import oai\noai.OpenAI(api_key='sk-x')\noai.AsyncOpenAI(api_key='sk-x')")
    assert "pydantic.main" not in modules
    assert "oai._models" not in modules
