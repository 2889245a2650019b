"""Emit `tests/api_resources`: one test module per resource calling every method against a mock server; never reads the raw spec.

Each method gets: a call with required arguments, one with every argument, the raw and
streaming response wrappers, empty path parameters, page iteration, a server-sent-events
stream against a local server, and (per the tests config) a check of the request body sent
through a mock transport. Per-operation tweaks (value overrides, mock-transport operations,
body checks) come from the tests config (`sdkforge.tests.yml`, see `test_values`), never from code here.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Generator, List, Optional, Tuple

from ..config import Config
from ..diagnostics import Diagnostics
from ..ir.nodes import Api, BodyKind, Method, ObjectSchema, Resource, ResponseKind, Schema
from ..lower.body import BodyWriter
from ..lower.nodes import (
    NONE,
    Attr,
    Builtin,
    Class,
    Expr,
    Function,
    ListOf,
    Module,
    Param,
    Ref,
    Source,
    Subscript,
    Symbol,
    Variable,
)
from ..lower.printer import print_module
from ..lower.resources import walk_resources
from ..naming import Names, identifier, resource_class_name
from . import GeneratedFile
from .code import py_str
from .methods import Arg, MethodPlan, plan_method
from .resources import resource_module
from .test_values import (
    TestsConfig,
    ValueBuilder,
    apply_overrides,
    form_bytes,
    load_tests_config,
    render_value,
    resolve_ref,
)
from .tests_conftest import emit_conftest

__all__ = ["emit_tests", "emit_tests_from_file"]

_ROOT = "tests/api_resources"


_TESTS = "tests"  # the test package: its helpers are imported relatively
_PYTEST = Ref(Symbol("pytest"))
_RE = Ref(Symbol("re"))
_ANYIO = Attr(_PYTEST, "mark.anyio")
_CALLABLE = Ref(Symbol("typing", "Callable"))
_LIST = Ref(Symbol("typing", "List"))
_OBJECT = Builtin("object")
_JSON_OBJECT = Subscript(Ref(Symbol("typing", "Dict")), (Builtin("str"), _OBJECT))
_SELF = Param("self")


def _helper(name: str) -> Ref:
    """A helper of the test package (`tests/utils.py`)."""
    return Ref(Symbol(f"{_TESTS}.utils", name))


def _test_module(resource: Resource) -> str:
    """The dotted test module of `resource` (`tests.api_resources.chat.test_completions`)."""
    return _test_path(resource)[: -len(".py")].replace("/", ".")


@dataclass(frozen=True)
class _Value:
    """One argument of a call under test: the argument, its built value and that value as source."""

    arg: Arg
    value: object
    text: str


@dataclass(frozen=True)
class _Call:
    """One planned method under test, with its argument sources ready."""

    accessor: str  # `chat.completions`
    plan: MethodPlan
    method: Method
    required: List[_Value]
    full: List[_Value]
    path_args: List[_Value]
    is_mocked: bool
    allows_invalid: bool


class _ModuleEmitter:
    """Writes the test module of one resource (sync class, then async class)."""

    def __init__(self, api: Api, names: Names, config: Config, tests: TestsConfig, resource: Resource) -> None:
        self.api = api
        self.config = config
        self.tests = tests
        self.resource = resource
        self.module = resource_module(config.package, resource)
        # The test methods of each class, and the chunk constants of the streaming tests by name.
        self.sync_tests: List[Function] = []
        self.async_tests: List[Function] = []
        self.constants: Dict[str, Variable] = {}
        self.values = ValueBuilder(api)
        self.model_values = ValueBuilder(api, is_request=False)
        accessor = ".".join(identifier(part) for part in resource.path)
        self.calls = [self._plan(names, accessor, method) for method in resource.methods]

    def _plan(self, names: Names, accessor: str, method: Method) -> _Call:
        # Planned for the resource module; the tests print other things of it.
        plan = plan_method(self.api, self.resource, method, names, self.config, self.module)
        overrides = self.tests.values.get(method.operation.operation_id, {})
        required: List[_Value] = []
        full: List[_Value] = []
        is_form = plan.body_kind is BodyKind.FORM
        for arg in ([plan.positional] if plan.positional else []) + list(plan.args):
            schema = self._schema_of(method, arg)
            for is_full, out in ((False, required), (True, full)):
                # An override of an optional argument puts it in the required-only call too: the
                # body may need one of several optional properties (`anyOf` of `required`s).
                if not arg.is_required and not is_full and arg.wire not in overrides:
                    continue
                value: object
                if arg.where == "content":
                    value = b"raw content"
                elif arg.wire in overrides:
                    value = overrides[arg.wire]
                elif schema is None:
                    value = {}
                else:
                    value = apply_overrides(self.values.build(schema, is_full=is_full), arg.wire, overrides)
                # Array headers take a list (the method joins it); other headers take text.
                if arg.where == "header" and not _is_header_value(value):
                    value = str(value)
                is_list = isinstance(value, list)  # a name, not a narrowing: `value` stays `object`
                if is_form and arg.where == "body" and is_list and not arg.is_required:
                    # Form lists are sent as repeated keys (OpenAPI's default `style: form`), which
                    # the mock server (Prism) reads as a single string; such fields stay out.
                    continue
                out.append(_Value(arg, value, render_value(value)))
        path_args = [item for item in required if item.arg.where == "path"]
        operation_id = method.operation.operation_id
        # No documented 2xx (a redirect only): a mock server answers with that redirect and no
        # target, so the call is checked on the mock transport.
        is_mocked = operation_id in self.tests.mock_transport or method.operation.response.status is None
        allows_invalid = operation_id in self.tests.invalid_responses
        return _Call(accessor, plan, method, required, full, path_args, is_mocked, allows_invalid)

    def _schema_of(self, method: Method, arg: Arg) -> Optional[Schema]:
        operation = method.operation
        if arg.where in ("path", "query", "header"):
            params = {"path": operation.path_params, "query": operation.query_params, "header": operation.header_params}
            return next((p.schema for p in params[arg.where] if p.python_name == arg.name), None)
        if operation.body is None:
            return None
        if arg.where == "whole":
            return operation.body.schema
        body = resolve_ref(self.api, operation.body.schema)
        if isinstance(body, ObjectSchema):
            return next((p.schema for p in body.properties if p.name == arg.wire), None)
        return None

    # -- rendering helpers -------------------------------------------------------------

    def _args(self, call: _Call, pairs: List[_Value], *, extra: Tuple[str, ...] = ()) -> List[str]:
        lines: List[str] = []
        for item in pairs:
            if call.plan.positional is not None and item.arg is call.plan.positional:
                lines.insert(0, f"{item.text},")
            else:
                lines.append(f"{item.arg.name}={item.text},")
        return lines + [f"{item}," for item in extra]

    @staticmethod
    def _type(tree: Optional[Expr]) -> Expr:
        assert tree is not None
        return tree

    def _result_type(self, call: _Call, is_async: bool) -> Expr:
        plan = call.plan
        if plan.page_types is not None and plan.item_type is not None:
            return Subscript(plan.page_types[1 if is_async else 0], (plan.item_type,))
        return plan.returns_type

    def _assert(self, w: BodyWriter, call: _Call, name: str, is_async: bool) -> None:
        if call.plan.returns_type == NONE and call.plan.page_types is None:
            w.line(f"assert {name} is None")
        else:
            lenient = ", allow_invalid=True" if call.allows_invalid else ""
            result = self._result_type(call, is_async)
            w.line(_helper("assert_matches_type"), "(", result, f', {name}, path=["response"]{lenient})')

    def _invoke(
        self,
        w: BodyWriter,
        call: _Call,
        target: str,
        pairs: List[_Value],
        *,
        prefix: str,
        extra: Tuple[str, ...] = (),
        suffix: str = "",
    ) -> None:
        lines = self._args(call, pairs, extra=extra)
        if not lines:
            w.line(f"{prefix}{target}(){suffix}")
            return
        w.line(f"{prefix}{target}(")
        with w.indented():
            w.lines(lines)
        w.line(f"){suffix}")

    def _client_class(self, is_async: bool) -> Ref:
        """The client class a test's fixture is annotated with."""
        return Ref(Symbol(self.config.package, self.tests.async_client if is_async else self.tests.client))

    def _client(self, call: _Call, is_async: bool) -> Tuple[str, Ref]:
        """The fixture (name, annotation) a test of `call` uses."""
        name = "binary_client" if call.is_mocked else "client"
        return ("async_" + name if is_async else name), self._client_class(is_async)

    # -- tests -------------------------------------------------------------------------

    @staticmethod
    @contextmanager
    def _warned(w: BodyWriter, plan: MethodPlan) -> Generator[None, None, None]:
        """Open `pytest.warns(DeprecationWarning)` around a call of a deprecated method (any path warns)."""
        if not plan.is_deprecated:
            yield
            return
        with w.block("with ", _PYTEST, ".warns(DeprecationWarning):"):
            yield

    def _test(self, name: str, params: Tuple[Param, ...], is_async: bool, w: BodyWriter) -> None:
        """Add the test method `name(self, params...) -> None` whose body `w` holds."""
        tests = self.async_tests if is_async else self.sync_tests
        tests.append(Function(name, (_SELF, *params), returns=NONE, body=w.code(), is_async=is_async))

    def _method_tests(self, call: _Call, is_async: bool) -> None:
        plan = call.plan
        fixture, cls = self._client(call, is_async)
        client = (Param(fixture, cls),)
        target = f"{fixture}.{call.accessor}.{plan.name}"
        awaited = "await " if is_async else ""
        stream_false: Tuple[str, ...] = ("stream=False",) if plan.chunk_type is not None else ()
        variants: List[Tuple[str, List[_Value], Tuple[str, ...]]] = [(f"test_method_{plan.name}", call.required, ())]
        if len(call.full) > len(call.required) or stream_false:
            variants.append((f"test_method_{plan.name}_with_all_params", call.full, stream_false))
        for test_name, pairs, extra in variants:
            w = BodyWriter()
            with self._warned(w, plan):
                self._invoke(w, call, target, pairs, prefix=f"result = {awaited}", extra=extra)
            self._assert(w, call, "result", is_async)
            self._test(test_name, client, is_async, w)
        raw = f"{fixture}.{call.accessor}.with_raw_response.{plan.name}"
        w = BodyWriter()
        with self._warned(w, plan):
            self._invoke(w, call, raw, call.required, prefix=f"response = {awaited}")
        w.line("assert response.is_closed is True")
        w.line('assert response.http_request.headers.get("X-Stainless-Lang") == "python"')
        # The raw response's body is read: `parse()` does not wait, on either client.
        w.line("result = response.parse()")
        self._assert(w, call, "result", is_async)
        self._test(f"test_raw_response_{plan.name}", client, is_async, w)
        streaming = f"{fixture}.{call.accessor}.with_streaming_response.{plan.name}"
        w = BodyWriter()
        opener = "async with " if is_async else "with "
        with self._warned(w, plan):
            self._invoke(w, call, streaming, call.required, prefix=opener, suffix=" as response:")
            with w.indented():
                w.line("assert not response.is_closed")
                w.line('assert response.http_request.headers.get("X-Stainless-Lang") == "python"')
                w.line(f"result = {awaited}response.parse()")
                self._assert(w, call, "result", is_async)
        w.line("assert response.is_closed")
        self._test(f"test_streaming_response_{plan.name}", client, is_async, w)
        self._path_param_tests(call, fixture, cls, is_async)
        if plan.page_types is not None:
            self._pagination_test(call, fixture, cls, is_async)
        if plan.chunk_type is not None:
            self._sse_test(call, is_async)
        if call.method.operation.operation_id in self.tests.body_checks:
            self._body_check_test(call, is_async)

    def _path_param_tests(self, call: _Call, fixture: str, cls: Ref, is_async: bool) -> None:
        if not call.path_args:
            return
        raw = f"{fixture}.{call.accessor}.with_raw_response.{call.plan.name}"
        awaited = "await " if is_async else ""
        w = BodyWriter()
        for empty in call.path_args:
            pairs = [_Value(v.arg, "", '""') if v is empty else v for v in call.required]
            pattern = py_str(f"Expected a non-empty value for `{empty.arg.name}` but received ''")
            with (
                self._warned(w, call.plan),
                w.block("with ", _PYTEST, ".raises(ValueError, match=", _RE, f".escape({pattern})):"),
            ):
                self._invoke(w, call, raw, pairs, prefix=awaited)
        self._test(f"test_path_params_{call.plan.name}", (Param(fixture, cls),), is_async, w)

    def _pagination_test(self, call: _Call, fixture: str, cls: Ref, is_async: bool) -> None:
        target = f"{fixture}.{call.accessor}.{call.plan.name}"
        w = BodyWriter()
        # Not awaited: iterating fetches the page (async paginators are async iterables).
        with self._warned(w, call.plan):
            self._invoke(w, call, target, call.required, prefix="pages = ")
        with w.block("async for item in pages:" if is_async else "for item in pages:"):
            lenient = ", allow_invalid=True" if call.allows_invalid else ""
            item_type = self._type(call.plan.item_type)
            w.line(_helper("assert_matches_type"), "(", item_type, f', item, path=["item"]{lenient})')
            w.line("break")
        self._test(f"test_auto_pagination_{call.plan.name}", (Param(fixture, cls),), is_async, w)

    def _sse_test(self, call: _Call, is_async: bool) -> None:
        plan = call.plan
        response = call.method.operation.response
        assert response.stream is not None
        constant = f"_{plan.name.upper()}_CHUNK"
        if constant not in self.constants:
            value = self.model_values.build(response.stream.chunk, is_full=False)
            # A JSON object is declared as one, so that type checkers infer its nested `{}`/`[]`.
            annotation: Expr = _JSON_OBJECT if _is_json_object(value) else _OBJECT
            self.constants[constant] = Variable(constant, Source(render_value(value)), annotation)
        fixture = "async_stream_client" if is_async else "stream_client"
        # `Callable[[List[object]], Client]`: a client answering with the given chunks.
        factory = Subscript(_CALLABLE, (ListOf((Subscript(_LIST, (_OBJECT,)),)), self._client_class(is_async)))
        w = BodyWriter()
        w.line(f"client = {fixture}([{constant}] * 3)")
        with self._warned(w, plan):
            self._invoke(
                w,
                call,
                f"client.{call.accessor}.{plan.name}",
                call.required,
                prefix=("stream = await " if is_async else "stream = "),
                extra=("stream=True",),
            )
        if is_async:
            w.line("chunks = [chunk async for chunk in stream]")
        else:
            w.line("chunks = list(stream)")
        w.line("assert len(chunks) == 3")
        with w.block("for index, chunk in enumerate(chunks):"):
            chunk_type = self._type(plan.chunk_type)
            w.line(_helper("assert_matches_type"), "(", chunk_type, ', chunk, path=["chunk", str(index)])')
        self._test(f"test_method_{plan.name}_streaming", (Param(fixture, factory),), is_async, w)

    def _body_check_test(self, call: _Call, is_async: bool) -> None:
        plan = call.plan
        fixture = "async_recording_client" if is_async else "recording_client"
        params = (Param(fixture, self._client_class(is_async)), Param("recorder", _helper("RequestRecorder")))
        w = BodyWriter()
        awaited = "await " if is_async else ""
        with self._warned(w, plan):
            self._invoke(w, call, f"{fixture}.{call.accessor}.{plan.name}", call.required, prefix=awaited)
        body = [item for item in call.required if item.arg.where == "body"]
        if plan.body_kind is BodyKind.MULTIPART:
            w.line("fields = ", _helper("multipart_fields"), "(recorder.last)")
            for item in body:
                expected = form_bytes(item.value)
                if expected is not None:
                    w.line(f"assert fields[{py_str(item.arg.wire)}] == [{expected!r}]")
                else:
                    w.line(f"assert any(key.startswith({py_str(item.arg.wire)}) for key in fields)")
        else:
            w.line("body = recorder.json_body()" if body else "assert recorder.json_body() == {}")
            for item in body:
                w.line(f"assert body[{py_str(item.arg.wire)}] == {item.text}")
        self._test(f"test_request_body_{plan.name}", params, is_async, w)

    def lower(self, header: str) -> Module:
        """The test module: the chunk constants, then the sync test class and the async one."""
        for is_async in (False, True):
            for call in self.calls:
                self._method_tests(call, is_async)
        cls = resource_class_name(self.resource.path)
        # Imported relative, so that import sorting agrees whether or not `tests` counts as first-party.
        return Module(
            _test_module(self.resource),
            header,
            None,
            (
                *(self.constants[name] for name in self.constants),
                Class(f"Test{cls}", (), methods=tuple(self.sync_tests)),
                Class(f"TestAsync{cls}", (), methods=tuple(self.async_tests), decorators=(_ANYIO,)),
            ),
            doc=f"Tests of the `{'.'.join(self.resource.path)}` resource against the mock server.",
            first_party=(self.config.package,),
        )


def _test_path(resource: Resource) -> str:
    parts = [identifier(part) for part in resource.path]
    return "/".join([_ROOT, *parts[:-1], f"test_{parts[-1]}.py"])


def _check(api: Api, tests: TestsConfig, diagnostics: Diagnostics) -> None:
    known = {op.operation_id: op for op in api.operations}
    named = [*tests.body_checks, *tests.mock_transport, *tests.values, *tests.invalid_responses]
    for operation_id in sorted(set(named)):
        if operation_id not in known:
            diagnostics.warning("sdkforge.tests.yml", f"unknown operation {operation_id!r}; its test tweaks are unused")
    for operation_id in sorted(tests.mock_transport):
        op = known.get(operation_id)
        if op is not None and op.response.kind is not ResponseKind.BINARY:
            diagnostics.error("sdkforge.tests.yml", f"mock_transport: {operation_id!r} must have a binary response")


def emit_tests(
    api: Api, names: Names, config: Config, tests: TestsConfig, diagnostics: Diagnostics
) -> List[GeneratedFile]:
    """Emit the API test modules, their package `__init__` files and the fixtures' `conftest.py`.

    Args:
        api: The IR.
        names: Every class name.
        config: The generator config (package, header, page classes).
        tests: The tests config.
        diagnostics: Where problems with the tests config are reported.

    Returns:
        The files, sorted by path.
    """
    _check(api, tests, diagnostics)
    files: Dict[str, str] = {}
    for resource in walk_resources(api.resources):
        if not resource.methods:
            continue
        path = _test_path(resource)
        files[path] = print_module(_ModuleEmitter(api, names, config, tests, resource).lower(config.header), _TESTS)
    packages = {_ROOT}
    for path in files:
        parent = path.rsplit("/", 1)[0]
        while parent.startswith(_ROOT):
            packages.add(parent)
            parent = parent.rsplit("/", 1)[0]
    for package in packages:
        init = Module(package.replace("/", "."), config.header, None, (), doc="Generated API tests.", is_package=True)
        files[f"{package}/__init__.py"] = print_module(init, _TESTS)
    files[f"{_ROOT}/conftest.py"] = emit_conftest(config, tests)
    return [GeneratedFile(path, files[path]) for path in sorted(files)]


def emit_tests_from_file(
    api: Api, names: Names, config: Config, diagnostics: Diagnostics, path: Path
) -> List[GeneratedFile]:
    """`emit_tests` with the tests config read from `path` (defaults when it is missing).

    A tests config that does not load is reported as an error diagnostic, and nothing is emitted.
    """
    try:
        tests = load_tests_config(path)
    except ValueError as exc:
        diagnostics.error(str(path), str(exc))
        return []
    return emit_tests(api, names, config, tests, diagnostics)


def _is_header_value(value: object) -> bool:
    """Whether `value` goes into a header argument as it is: text, or the items of an array header."""
    return isinstance(value, (str, list))


def _is_json_object(value: object) -> bool:
    """Whether `value` is a JSON object (a test function, not an isinstance narrowing of `value`)."""
    return isinstance(value, dict)
