"""A method's `helpers`: derived methods generated beside it with its typed parameters (minus
`drop`, with `arguments` retyped or added), delegating to a hand-written function imported
only when the helper runs."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Dict, List

import pytest

from sdkforge.config import ConfigError, parse_config
from sdkforge.emit.api_md import emit_api_md
from sdkforge.emit.resources import emit_resources
from sdkforge.ir.build import build_api
from sdkforge.loader import load_spec
from sdkforge.naming import build_names
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
                prompt: {type: string, description: What to do.}
                priority: {type: integer, description: Higher runs first.}
                format: {type: string, description: The output format.}
                stream: {type: boolean, description: Stream events.}
      responses:
        "200":
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Job"}
            text/event-stream:
              schema: {$ref: "#/components/schemas/JobEvent"}
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
"""

HELPER = """\
        helpers:
          run:
            implementation: {sync: 'pkg.lib.jobs:run', async: 'pkg.lib.jobs:async_run'}
            description: Create a job and wait for it.
            drop: [stream]
            arguments:
              format: {annotation: 'type[FormatT] | Omit', default: omit, description: A model class.}
              poll_interval: {annotation: float, default: '1.0', description: Seconds between polls.}
            returns: 'Finished[FormatT]'
            overloads:
              - {arguments: {format: {annotation: 'type[FormatT]'}}, returns: 'Finished[FormatT]'}
              - {arguments: {format: {annotation: Omit, default: omit}}, returns: 'Finished[None]'}
            symbols: ['pkg.lib.finished:Finished', 'pkg.lib.finished:FormatT']
            response_wrappers: true
          watch:
            implementation: {sync: 'pkg.lib.jobs:watch', async: 'pkg.lib.jobs:async_watch'}
            drop: [stream, max_retries]
            returns: Watcher
            async_returns: AsyncWatcher
            coroutine: false
            symbols: ['pkg.lib.watch:AsyncWatcher', 'pkg.lib.watch:Watcher']
"""

CONFIG = f"""\
package: pkg
header: "# generated"
resources:
  jobs:
    methods:
      create:
        operation: createJob
        params: pkg.types.job_create_params
{HELPER}"""


def _emit(tmp_path: Path, config_text: str = CONFIG) -> str:
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    config = parse_config(config_text)
    resolved = resolve(load_spec(spec))
    api = build_api(resolved, config)
    files = {f.path: f.text for f in emit_resources(api, build_names(api, config), config)}
    return files["src/pkg/resources/jobs.py"]


def _class(source: str, name: str) -> ast.ClassDef:
    return next(n for n in ast.parse(source).body if isinstance(n, ast.ClassDef) and n.name == name)


def _defs(cls: ast.ClassDef, name: str) -> List[ast.FunctionDef | ast.AsyncFunctionDef]:
    return [n for n in cls.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == name]


def _params(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> Dict[str, str]:
    """Keyword-only parameter -> `annotation[ = default]`."""
    out: Dict[str, str] = {}
    defaults = fn.args.kw_defaults
    for arg, default in zip(fn.args.kwonlyargs, defaults, strict=True):
        text = ast.unparse(arg.annotation) if arg.annotation else ""
        out[arg.arg] = text + ("" if default is None else f" = {ast.unparse(default)}")
    return out


def test_a_helper_takes_the_methods_parameters_minus_dropped_with_retyped_and_added_ones(tmp_path: Path) -> None:
    source = _emit(tmp_path)
    cls = _class(source, "Jobs")
    create = _params(_defs(cls, "create")[-1])
    run = _defs(cls, "run")[-1]
    params = _params(run)
    assert "stream" in create and "stream" not in params
    # Every other parameter is the method's own, same annotation and default, in its place;
    # an added one comes after them, before the request options.
    kept = [name for name in create if name != "stream"]
    assert list(params) == [*kept[: kept.index("extra_headers")], "poll_interval", *kept[kept.index("extra_headers") :]]
    for name in set(create) - {"stream", "format"}:
        assert params[name] == create[name], name
    assert params["format"] == "type[FormatT] | Omit = omit"
    assert params["poll_interval"] == "float = 1.0"
    assert run.returns is not None and ast.unparse(run.returns) == "Finished[FormatT]"
    assert not run.args.vararg and not run.args.kwarg  # no `**params` catch-all


def test_the_helper_documents_every_parameter(tmp_path: Path) -> None:
    run = _defs(_class(_emit(tmp_path), "Jobs"), "run")[-1]
    doc = ast.get_docstring(run) or ""
    assert doc.startswith("Create a job and wait for it.")
    assert "prompt: What to do." in doc  # from the method's plan
    assert "priority: Higher runs first." in doc
    assert "format: A model class." in doc  # the override's description
    assert "poll_interval: Seconds between polls." in doc
    assert "stream:" not in doc


def test_the_body_imports_the_implementation_and_passes_every_argument(tmp_path: Path) -> None:
    source = _emit(tmp_path)
    for cls_name, function, awaited in (("Jobs", "run", False), ("AsyncJobs", "async_run", True)):
        run = _defs(_class(source, cls_name), "run")[-1]
        statements = [s for s in run.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
        assert ast.unparse(statements[0]) == f"from ..lib.jobs import {function}"
        returned = statements[1]
        assert isinstance(returned, ast.Return) and returned.value is not None
        call = returned.value.value if isinstance(returned.value, ast.Await) else returned.value
        assert isinstance(returned.value, ast.Await) is awaited
        assert isinstance(call, ast.Call) and ast.unparse(call.func) == function
        assert [ast.unparse(a) for a in call.args] == ["self"]
        passed = {k.arg: ast.unparse(k.value) for k in call.keywords}
        assert passed == {name: name for name in _params(run)}


def test_overloads_retype_the_named_parameters_and_returns(tmp_path: Path) -> None:
    source = _emit(tmp_path)
    for cls_name, keyword in (("Jobs", ast.FunctionDef), ("AsyncJobs", ast.AsyncFunctionDef)):
        defs = _defs(_class(source, cls_name), "run")
        assert len(defs) == 3 and all(isinstance(d, keyword) for d in defs)
        first, second = defs[0], defs[1]
        assert [ast.unparse(d) for d in first.decorator_list] == ["overload"]
        assert _params(first)["format"] == "type[FormatT]"
        assert _params(second)["format"] == "Omit = omit"
        assert first.returns is not None and ast.unparse(first.returns) == "Finished[FormatT]"
        assert second.returns is not None and ast.unparse(second.returns) == "Finished[None]"
    assert "from typing import TYPE_CHECKING, overload" in source


def test_a_plain_async_helper_returns_what_the_implementation_returns(tmp_path: Path) -> None:
    source = _emit(tmp_path)
    watch = _defs(_class(source, "AsyncJobs"), "watch")
    assert len(watch) == 1 and isinstance(watch[0], ast.FunctionDef)  # coroutine: false
    assert watch[0].returns is not None and ast.unparse(watch[0].returns) == "AsyncWatcher"
    assert "return async_watch(self," in ast.unparse(watch[0])
    assert "max_retries" not in _params(watch[0]) and "timeout" in _params(watch[0])


def test_symbols_are_imported_for_type_checkers_only(tmp_path: Path) -> None:
    source = _emit(tmp_path)
    block = source.split("if TYPE_CHECKING:\n", 1)[1].split("else:", 1)[0]
    assert "    from ..lib.finished import Finished, FormatT" in block
    assert "    from ..lib.watch import AsyncWatcher, Watcher" in block
    top = source.split("if TYPE_CHECKING:\n", 1)[0]
    assert "lib" not in top  # nothing of the hand-written helpers loads with the resource


def test_annotation_text_names_resolve_to_exactly_the_imports_they_use(tmp_path: Path) -> None:
    # `Iterable` and `JobTag` are not in `symbols`: no annotation uses them, so nothing imports them;
    # `float` is a builtin; `Omit` is the core's, imported with the methods.
    config = CONFIG.replace(
        "symbols: ['pkg.lib.finished:Finished', 'pkg.lib.finished:FormatT']",
        "symbols: ['pkg.lib.finished:Finished', 'pkg.lib.finished:FormatT', 'pkg.lib.unused:Unused', 'typing:Iterable']",
    )
    source = _emit(tmp_path, config)
    assert "Unused" not in source and "Iterable" not in source
    used = config.replace(
        "returns: 'Finished[FormatT]'\n            overloads",
        "returns: 'Iterable[Finished[FormatT]]'\n            overloads",
    )
    source = _emit(tmp_path, used)
    assert "from typing import TYPE_CHECKING, Iterable, overload" in source  # typing: imported at the top
    assert "Unused" not in source
    run = _defs(_class(source, "Jobs"), "run")[-1]
    assert run.returns is not None and ast.unparse(run.returns) == "Iterable[Finished[FormatT]]"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("drop: [stream]", "drop: [strem]", ".helpers.run.drop: the method has no parameter 'strem'"),
        (
            "- {arguments: {format: {annotation: Omit",
            "- {arguments: {formt: {annotation: Omit",
            ".helpers.run.overloads[1]: the helper has no parameter 'formt'",
        ),
        ("          watch:", "          create:", ".helpers.create: the resource already has a method 'create'"),
        ("'pkg.lib.jobs:run'", "'pkg.lib.jobs:prompt'", ".helpers.run.implementation: 'prompt' is also a parameter"),
        (
            "returns: 'Finished[FormatT]'\n            overloads",
            "returns: 'Finishd[FormatT]'\n            overloads",
            ".helpers.run.returns: 'Finishd[FormatT]': 'Finishd' is not imported; list it in `symbols`",
        ),
        (
            "{annotation: 'type[FormatT]'}",
            "{annotation: 'type(FormatT)'}",
            ".helpers.run.overloads[0].arguments.format.annotation: 'type.FormatT.': 'type.FormatT.' is not a name",
        ),
    ],
)
def test_config_mistakes_are_errors_naming_the_config_path(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert old in CONFIG
    with pytest.raises(
        ValueError, match="^resources.jobs.methods.create" + message.replace("[", r"\[").replace("]", r"\]")
    ):
        _emit(tmp_path, CONFIG.replace(old, new, 1))


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("default: '1.0'", "default: 'float()'", "default"),
        ("symbols: ['pkg.lib.watch:AsyncWatcher'", "symbols: ['pkg.lib.watch.AsyncWatcher'", "symbols"),
        ("returns: Watcher\n", "returns: Watcher\n            streams: true\n", "streams"),
        ("'pkg.lib.jobs:run'", "'pkg.lib.jobs.run'", "'dotted.module:function'"),
        ("coroutine: false\n", "coroutine: false\n            response_wrappers: true\n", "needs `coroutine: true`"),
    ],
)
def test_malformed_helper_config_is_refused_when_loaded(old: str, new: str, where: str) -> None:
    with pytest.raises(ConfigError, match=where):
        parse_config(CONFIG.replace(old, new, 1))


def test_a_helper_with_response_wrappers_is_wrapped_like_the_methods(tmp_path: Path) -> None:
    source = _emit(tmp_path)
    wrappers = {
        "JobsWithRawResponse": "to_raw_response_wrapper",
        "AsyncJobsWithRawResponse": "async_to_raw_response_wrapper",
        "JobsWithStreamingResponse": "to_streamed_response_wrapper",
        "AsyncJobsWithStreamingResponse": "async_to_streamed_response_wrapper",
    }
    for cls_name, wrap in wrappers.items():
        init = ast.unparse(_defs(_class(source, cls_name), "__init__")[0])
        assert f"self.create = {wrap}(jobs.create)" in init
        assert f"self.run = {wrap}(jobs.run)" in init  # response_wrappers: true
        assert "self.watch" not in init  # not asked for


def test_api_md_lists_each_helper_after_its_method(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    config = parse_config(CONFIG)
    api = build_api(resolve(load_spec(spec)), config)
    doc = emit_api_md(api, build_names(api, config), config).text
    methods = [line for line in doc.splitlines() if line.startswith("- <code")]
    assert [line.split("</a>(", 1)[0].rsplit(">", 1)[1] for line in methods] == ["create", "run", "watch"]
    params = '\\*\\*<a href="./src/pkg/types/job_create_params.py">params</a>'
    run, watch = methods[1], methods[2]
    assert run.startswith('- <code title="post /jobs">client.jobs.<a href="./src/pkg/resources/jobs.py">run</a>(')
    # The added keyword is named, the rest is the method's params; the return links the package's symbols.
    assert f"run</a>(poll_interval, {params}) -> " in run
    assert (
        '-> <a href="./src/pkg/lib/finished.py">Finished</a>[<a href="./src/pkg/lib/finished.py">FormatT</a>]</code>'
        in run
    )
    assert run.endswith(
        "(helper: `create`'s parameters, without `stream`; also on `with_raw_response` and `with_streaming_response`)"
    )
    watcher = '<a href="./src/pkg/lib/watch.py">Watcher</a>'
    assert watch.endswith(f"watch</a>({params}) -> {watcher}</code> (helper: `create`'s parameters, without `stream`)")
    assert "2 helpers: " in doc
