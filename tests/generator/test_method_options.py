"""Tests for config options that reshape methods beyond the spec: `stream_schema` (an event
stream the spec does not declare), `coroutine: false` (a plain async function), `returns` naming
an alias, and the `module` / `param_module` of a type (official module names)."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Dict, List, Tuple

import pytest

from oai._resource import returns_awaitable
from sdkforge.config import ConfigError, parse_config
from sdkforge.emit.params import emit_method_params_module
from sdkforge.emit.resources import emit_resources
from sdkforge.ir.build import build_api
from sdkforge.loader import load_spec
from sdkforge.naming import Names, build_names
from sdkforge.resolver import resolve

SPEC = """\
openapi: 3.1.0
info: {title: Jobs, version: "1"}
paths:
  /jobs:
    post:
      operationId: createJob
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [prompt]
              properties:
                prompt: {type: string}
                stream: {type: boolean}
          multipart/form-data:
            schema: {$ref: "#/components/schemas/JobUpload"}
      responses:
        "200":
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Job"}
    get:
      operationId: listJobs
      responses:
        "200":
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {type: array, items: {$ref: "#/components/schemas/Job"}}
  /jobs/{job_id}:
    get:
      operationId: getJob
      parameters:
        - {name: job_id, in: path, required: true, schema: {type: string}}
        - {name: stream, in: query, schema: {type: boolean}}
      responses:
        "200":
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Job"}
    delete:
      operationId: deleteJob
      parameters:
        - {name: job_id, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Job"}
components:
  schemas:
    Job:
      type: object
      required: [id]
      properties:
        id: {type: string}
    JobEvent:
      type: object
      required: [type]
      properties:
        type: {type: string}
    JobUpload:
      type: object
      required: [prompt, file]
      properties:
        prompt: {type: string}
        file: {type: string, format: binary}
        stream: {type: boolean}
"""

CONFIG = """\
package: pkg
header: "# generated"
pagination:
  single: {sync: SyncPage, async: AsyncPage, response: [data]}
resources:
  jobs:
    methods:
      create: {operation: createJob, params: pkg.types.job_create_params, stream_schema: JobEvent, coroutine: false}
      retrieve: {operation: getJob, params: pkg.types.job_retrieve_params, stream_schema: JobEvent}
      delete: {operation: deleteJob}
      list: {operation: listJobs, page: single}
"""


def _build(tmp_path: Path, config_text: str = CONFIG, spec_text: str = SPEC) -> Tuple[List[str], Dict[str, str]]:
    _, errors, files = _build_names(tmp_path, config_text, spec_text)
    return errors, files


def _build_names(tmp_path: Path, config_text: str, spec_text: str) -> Tuple[Names | None, List[str], Dict[str, str]]:
    spec = tmp_path / "spec.yaml"
    spec.write_text(spec_text, encoding="utf-8")
    config = parse_config(config_text)
    resolved = resolve(load_spec(spec))
    api = build_api(resolved, config)
    errors = [d.message for d in resolved.diagnostics.items if d.level.name == "ERROR"]
    if errors:
        return None, errors, {}
    names = build_names(api, config)
    files = emit_resources(api, names, config)
    return names, errors, {f.path: f.text for f in files}


def _method(source: str, cls: str, name: str) -> str:
    """The text of every definition of `name` (overloads included) in class `cls`."""
    body = source.split(f"\nclass {cls}(", 1)[1].split("\nclass ", 1)[0]
    return "\n".join(part for part in body.split("\n    @") if f"def {name}(" in part)


def test_stream_schema_gives_a_body_stream_flag_its_overloads(tmp_path: Path) -> None:
    errors, files = _build(tmp_path)
    assert errors == []
    create = _method(files["src/pkg/resources/jobs.py"], "Jobs", "create")
    assert create.count("overload") == 3
    assert "stream: Literal[True],\n" in create
    assert ") -> Stream[JobEvent]:" in create
    assert ") -> Job | Stream[JobEvent]:" in create
    assert '"stream": stream}, job_create_params.JobCreateParams)' in create
    assert (
        "stream=stream is True,\n            stream_cls=_streaming.Stream[_job_event.JobEvent] if stream is True else None,"
        in create
    )


def test_stream_schema_sends_a_query_stream_flag_in_the_query(tmp_path: Path) -> None:
    _, files = _build(tmp_path)
    retrieve = _method(files["src/pkg/resources/jobs.py"], "AsyncJobs", "retrieve")
    assert ") -> AsyncStream[JobEvent]:" in retrieve
    assert 'query=transform({"stream": stream}, job_retrieve_params.JobRetrieveParams)' in retrieve
    assert "stream_cls=_streaming.AsyncStream[_job_event.JobEvent] if stream is True else None," in retrieve


@pytest.mark.parametrize(
    ("method", "message"),
    [
        ("{operation: deleteJob, stream_schema: JobEvent}", "has no `stream` body property or query parameter"),
        ("{operation: deleteJob, stream_schema: Missing}", "no component schema 'Missing'"),
    ],
)
def test_stream_schema_errors_name_the_config_path(tmp_path: Path, method: str, message: str) -> None:
    errors, _ = _build(tmp_path, CONFIG.replace("{operation: deleteJob}", method))
    assert len(errors) == 1
    assert errors[0].startswith("resources.jobs.methods.delete.stream_schema: ")
    assert message in errors[0]


def test_coroutine_false_decorates_only_the_async_implementation(tmp_path: Path) -> None:
    _, files = _build(tmp_path)
    source = files["src/pkg/resources/jobs.py"]
    assert source.count("@returns_awaitable\n") == 1
    assert "@returns_awaitable\n    async def create(\n" in source
    assert "from .._resource import AsyncAPIResource, SyncAPIResource, returns_awaitable" in source


@pytest.mark.anyio
async def test_returns_awaitable_keeps_signature_and_result_but_is_no_coroutine_function() -> None:
    async def create(self: object, *, prompt: str) -> str:
        return prompt * 2

    wrapped = returns_awaitable(create)
    assert inspect.iscoroutinefunction(create)
    assert not inspect.iscoroutinefunction(wrapped)
    assert inspect.signature(wrapped) == inspect.signature(create)
    assert await wrapped(None, prompt="ab") == "abab"
    with pytest.raises(TypeError, match="prompt"):
        wrapped(None)  # pyright: ignore[reportCallIssue]  # the missing argument is the point


def test_returns_naming_an_alias_of_the_response_model_annotates_with_the_alias(tmp_path: Path) -> None:
    config = CONFIG.replace(
        "      delete: {operation: deleteJob}\n", "      delete: {operation: deleteJob, returns: JobDeleted}\n"
    )
    config += "types:\n  Job: {name: Job, package: pkg.types, aliases: [pkg.types.JobDeleted]}\n"
    errors, files = _build(tmp_path, config)
    assert errors == []
    source = files["src/pkg/resources/jobs.py"]
    delete = _method(source, "Jobs", "delete")
    assert ") -> JobDeleted:" in delete and "cast_to=_job_deleted.JobDeleted," in delete
    assert "    from ..types.job_deleted import JobDeleted" in source  # under TYPE_CHECKING
    assert '    _job_deleted = lazy_module("pkg.types.job_deleted")' in source
    retrieve = _method(source, "Jobs", "retrieve")
    assert ") -> Job:" in retrieve


def test_returns_naming_an_alias_of_the_page_item_annotates_the_page_with_the_alias(tmp_path: Path) -> None:
    config = CONFIG.replace(
        "{operation: listJobs, page: single}", "{operation: listJobs, page: single, returns: JobItem}"
    )
    config += "types:\n  Job: {name: Job, package: pkg.types, aliases: [pkg.types.JobItem]}\n"
    errors, files = _build(tmp_path, config)
    assert errors == []
    listing = _method(files["src/pkg/resources/jobs.py"], "Jobs", "list")
    assert ") -> SyncPage[JobItem]:" in listing and "model=_job_item.JobItem," in listing


TYPES = """\
types:
  Job: {name: ChatKitJob, package: pkg.types.beta, module: chatkit_job, param_module: chatkit_job_input}
  JobEvent: {name: ChatKitJobEvent, package: pkg.types.beta}
"""


def test_type_module_and_param_module_name_the_model_and_twin_modules(tmp_path: Path) -> None:
    spec = SPEC.replace(
        "                prompt: {type: string}\n",
        "                prompt: {type: string}\n                job: {$ref: '#/components/schemas/Job'}\n",
    )
    names, errors, files = _build_names(tmp_path, CONFIG + TYPES, spec)
    assert errors == [] and names is not None
    assert names.models["Job"].module == "pkg.types.beta.chatkit_job"
    assert (names.params["Job"].module, names.params["Job"].name) == (
        "pkg.types.beta.chatkit_job_input",
        "ChatKitJobParam",
    )
    # Without `module` the module is derived from the class name.
    assert names.models["JobEvent"].module == "pkg.types.beta.chat_kit_job_event"
    assert "from ..types.beta.chatkit_job import ChatKitJob" in files["src/pkg/resources/jobs.py"]


@pytest.mark.parametrize("key", ["module", "param_module"])
def test_a_type_module_must_be_a_snake_case_name(key: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(CONFIG + f"types:\n  Job: {{name: Job, package: pkg.types, {key}: Chat.Kit}}\n")
    assert info.value.issues[0].path == f"types.Job.{key}"
    assert "is not a snake_case module name" in info.value.issues[0].message


def test_body_multipart_sends_the_multipart_media_type_the_spec_also_offers(tmp_path: Path) -> None:
    config = CONFIG.replace("stream_schema: JobEvent, coroutine: false}", "stream_schema: JobEvent, body: multipart}")
    errors, files = _build(tmp_path, config)
    assert errors == []
    create = _method(files["src/pkg/resources/jobs.py"], "Jobs", "create")
    assert "file: FileTypes," in create
    assert "multipart=True," in create
    _, json_files = _build(tmp_path)
    assert "multipart=True," not in _method(json_files["src/pkg/resources/jobs.py"], "Jobs", "create")


def test_body_kind_the_operation_does_not_offer_is_an_error(tmp_path: Path) -> None:
    errors, _ = _build(tmp_path, CONFIG.replace("{operation: deleteJob}", "{operation: deleteJob, body: json}"))
    assert errors == ["resources.jobs.methods.delete.body: the operation offers no json request body"]


def test_optional_leaves_a_required_body_property_optional_in_this_method_only(tmp_path: Path) -> None:
    config = CONFIG.replace("coroutine: false}", "coroutine: false, optional: [prompt]}")
    errors, files = _build(tmp_path, config)
    assert errors == []
    create = _method(files["src/pkg/resources/jobs.py"], "Jobs", "create")
    assert "prompt: str | Omit = omit," in create
    errors, _ = _build(tmp_path, CONFIG.replace("coroutine: false}", "coroutine: false, optional: [title]}"))
    assert errors == ["resources.jobs.methods.create.optional: no body property title"]


ARGUMENTS = "arguments: {title: {wire: prompt}, priority: {schema: '#/components/schemas/JobEvent/properties/type'}}}"


def test_arguments_rename_a_body_property_and_add_one_the_spec_lacks(tmp_path: Path) -> None:
    config = CONFIG.replace("coroutine: false}", "coroutine: false, " + ARGUMENTS)
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    parsed = parse_config(config)
    api = build_api(resolve(load_spec(spec)), parsed)
    names = build_names(api, parsed)
    create = _method(
        {f.path: f.text for f in emit_resources(api, names, parsed)}["src/pkg/resources/jobs.py"], "Jobs", "create"
    )
    assert "title: str," in create and "priority: str | Omit = omit," in create
    assert '{"title": title, "priority": priority, "stream": stream}' in create
    method = api.resources[0].methods[0]
    params = emit_method_params_module(api, names, "# generated", method, "pkg.types.job_create_params", "P").text
    assert 'title: Required[Annotated[str, PropertyInfo(alias="prompt")]]' in params
    assert "priority: str" in params


def test_an_argument_without_a_property_or_schema_is_an_error(tmp_path: Path) -> None:
    errors, _ = _build(tmp_path, CONFIG.replace("coroutine: false}", "coroutine: false, arguments: {title: {}}}"))
    assert errors == ["resources.jobs.methods.create.arguments.title: no body property 'title'; give its `schema`"]
