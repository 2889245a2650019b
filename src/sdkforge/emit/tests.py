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
from typing import Dict, Generator, List, Optional, Set, Tuple

from ..config import Config
from ..diagnostics import Diagnostics
from ..ir.nodes import Api, BodyKind, Method, ObjectSchema, Resource, ResponseKind, Schema
from ..lower.nodes import NONE, Expr, Subscript, Symbol, symbols_of
from ..lower.printer import add_symbols, print_expr
from ..naming import Names, identifier, resource_class_name
from . import GeneratedFile
from .code import CodeWriter, py_str
from .imports import Imports
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


class _AbsoluteImports(Imports):
    """Imports rendered absolute: a test module lives outside the generated package."""

    def _relative(self, target: str) -> str:
        return target


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
        # What the test code prints names (its imports, exactly) and the test helpers it calls.
        self.symbols: Set[Symbol] = {Symbol("pytest")}
        self.helpers: Set[str] = set()
        self.values = ValueBuilder(api)
        self.model_values = ValueBuilder(api, is_request=False)
        accessor = ".".join(identifier(part) for part in resource.path)
        self.calls = [self._plan(names, accessor, method) for method in resource.methods]
        self.constants: List[str] = []

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

    def _type(self, tree: Optional[Expr]) -> str:
        """Print a type, importing its symbols."""
        assert tree is not None
        self.symbols.update(symbols_of(tree))
        return print_expr(tree)

    def _result_type(self, call: _Call, is_async: bool) -> Expr:
        plan = call.plan
        if plan.page_types is not None and plan.item_type is not None:
            return Subscript(plan.page_types[1 if is_async else 0], (plan.item_type,))
        return plan.returns_type

    def _assert(self, w: CodeWriter, call: _Call, name: str, is_async: bool) -> None:
        if call.plan.returns_type == NONE and call.plan.page_types is None:
            w.line(f"assert {name} is None")
        else:
            lenient = ", allow_invalid=True" if call.allows_invalid else ""
            result = self._type(self._result_type(call, is_async))
            self.helpers.add("assert_matches_type")
            w.line(f'assert_matches_type({result}, {name}, path=["response"]{lenient})')

    def _invoke(
        self,
        w: CodeWriter,
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

    def _client_class(self, is_async: bool) -> str:
        """The client class a test's fixture is annotated with (imported)."""
        cls = self.tests.async_client if is_async else self.tests.client
        self.symbols.add(Symbol(self.config.package, cls))
        return cls

    def _client(self, call: _Call, is_async: bool) -> Tuple[str, str]:
        """The fixture (name, annotation) a test of `call` uses."""
        cls = self._client_class(is_async)
        name = "binary_client" if call.is_mocked else "client"
        return ("async_" + name if is_async else name), cls

    # -- tests -------------------------------------------------------------------------

    @staticmethod
    @contextmanager
    def _warned(w: CodeWriter, plan: MethodPlan) -> Generator[None, None, None]:
        """Open `pytest.warns(DeprecationWarning)` around a call of a deprecated method (any path warns)."""
        if not plan.is_deprecated:
            yield
            return
        with w.block("with pytest.warns(DeprecationWarning):"):
            yield

    def _test(self, w: CodeWriter, name: str, params: str, is_async: bool) -> None:
        keyword = "async def" if is_async else "def"
        w.line(f"{keyword} {name}(self, {params}) -> None:")

    def _method_tests(self, w: CodeWriter, call: _Call, is_async: bool) -> None:
        plan = call.plan
        fixture, cls = self._client(call, is_async)
        target = f"{fixture}.{call.accessor}.{plan.name}"
        awaited = "await " if is_async else ""
        stream_false: Tuple[str, ...] = ("stream=False",) if plan.chunk_type is not None else ()
        variants: List[Tuple[str, List[_Value], Tuple[str, ...]]] = [(f"test_method_{plan.name}", call.required, ())]
        if len(call.full) > len(call.required) or stream_false:
            variants.append((f"test_method_{plan.name}_with_all_params", call.full, stream_false))
        for test_name, pairs, extra in variants:
            self._test(w, test_name, f"{fixture}: {cls}", is_async)
            with w.indented():
                with self._warned(w, plan):
                    self._invoke(w, call, target, pairs, prefix=f"result = {awaited}", extra=extra)
                self._assert(w, call, "result", is_async)
            w.blank()
        raw = f"{fixture}.{call.accessor}.with_raw_response.{plan.name}"
        self._test(w, f"test_raw_response_{plan.name}", f"{fixture}: {cls}", is_async)
        with w.indented():
            with self._warned(w, plan):
                self._invoke(w, call, raw, call.required, prefix=f"response = {awaited}")
            w.line("assert response.is_closed is True")
            w.line('assert response.http_request.headers.get("X-Stainless-Lang") == "python"')
            # The raw response's body is read: `parse()` does not wait, on either client.
            w.line("result = response.parse()")
            self._assert(w, call, "result", is_async)
        w.blank()
        streaming = f"{fixture}.{call.accessor}.with_streaming_response.{plan.name}"
        self._test(w, f"test_streaming_response_{plan.name}", f"{fixture}: {cls}", is_async)
        with w.indented():
            opener = "async with " if is_async else "with "
            with self._warned(w, plan):
                self._invoke(w, call, streaming, call.required, prefix=opener, suffix=" as response:")
                with w.indented():
                    w.line("assert not response.is_closed")
                    w.line('assert response.http_request.headers.get("X-Stainless-Lang") == "python"')
                    w.line(f"result = {awaited}response.parse()")
                    self._assert(w, call, "result", is_async)
            w.line("assert response.is_closed")
        w.blank()
        self._path_param_tests(w, call, fixture, cls, is_async)
        if plan.page_types is not None:
            self._pagination_test(w, call, fixture, cls, is_async)
        if plan.chunk_type is not None:
            self._sse_test(w, call, is_async)
        if call.method.operation.operation_id in self.tests.body_checks:
            self._body_check_test(w, call, is_async)

    def _path_param_tests(self, w: CodeWriter, call: _Call, fixture: str, cls: str, is_async: bool) -> None:
        if not call.path_args:
            return
        raw = f"{fixture}.{call.accessor}.with_raw_response.{call.plan.name}"
        awaited = "await " if is_async else ""
        self._test(w, f"test_path_params_{call.plan.name}", f"{fixture}: {cls}", is_async)
        self.symbols.add(Symbol("re"))
        with w.indented():
            for empty in call.path_args:
                pairs = [_Value(v.arg, "", '""') if v is empty else v for v in call.required]
                pattern = py_str(f"Expected a non-empty value for `{empty.arg.name}` but received ''")
                with (
                    self._warned(w, call.plan),
                    w.block(f"with pytest.raises(ValueError, match=re.escape({pattern})):"),
                ):
                    self._invoke(w, call, raw, pairs, prefix=awaited)
        w.blank()

    def _pagination_test(self, w: CodeWriter, call: _Call, fixture: str, cls: str, is_async: bool) -> None:
        target = f"{fixture}.{call.accessor}.{call.plan.name}"
        self._test(w, f"test_auto_pagination_{call.plan.name}", f"{fixture}: {cls}", is_async)
        with w.indented():
            # Not awaited: iterating fetches the page (async paginators are async iterables).
            with self._warned(w, call.plan):
                self._invoke(w, call, target, call.required, prefix="pages = ")
            with w.block("async for item in pages:" if is_async else "for item in pages:"):
                lenient = ", allow_invalid=True" if call.allows_invalid else ""
                self.helpers.add("assert_matches_type")
                w.line(f'assert_matches_type({self._type(call.plan.item_type)}, item, path=["item"]{lenient})')
                w.line("break")
        w.blank()

    def _sse_test(self, w: CodeWriter, call: _Call, is_async: bool) -> None:
        plan = call.plan
        response = call.method.operation.response
        assert response.stream is not None
        constant = f"_{plan.name.upper()}_CHUNK"
        if not any(c.startswith(f"{constant}:") for c in self.constants):
            value = self.model_values.build(response.stream.chunk, is_full=False)
            # A JSON object is declared as one, so that type checkers infer its nested `{}`/`[]`.
            annotation = "Dict[str, object]" if _is_json_object(value) else "object"
            if annotation != "object":
                self.symbols.add(Symbol("typing", "Dict"))
            self.constants.append(f"{constant}: {annotation} = {render_value(value)}")
        fixture = "async_stream_client" if is_async else "stream_client"
        cls = self._client_class(is_async)
        self.symbols.update((Symbol("typing", "Callable"), Symbol("typing", "List")))
        self._test(w, f"test_method_{plan.name}_streaming", f"{fixture}: Callable[[List[object]], {cls}]", is_async)
        with w.indented():
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
                self.helpers.add("assert_matches_type")
                w.line(f'assert_matches_type({self._type(plan.chunk_type)}, chunk, path=["chunk", str(index)])')
        w.blank()

    def _body_check_test(self, w: CodeWriter, call: _Call, is_async: bool) -> None:
        plan = call.plan
        fixture = "async_recording_client" if is_async else "recording_client"
        cls = self._client_class(is_async)
        self.helpers.add("RequestRecorder")
        self._test(w, f"test_request_body_{plan.name}", f"{fixture}: {cls}, recorder: RequestRecorder", is_async)
        with w.indented():
            awaited = "await " if is_async else ""
            with self._warned(w, plan):
                self._invoke(w, call, f"{fixture}.{call.accessor}.{plan.name}", call.required, prefix=awaited)
            body = [item for item in call.required if item.arg.where == "body"]
            if plan.body_kind is BodyKind.MULTIPART:
                self.helpers.add("multipart_fields")
                w.line("fields = multipart_fields(recorder.last)")
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
        w.blank()

    def render(self, header: str) -> str:
        w = CodeWriter()
        cls = resource_class_name(self.resource.path)
        for is_async in (False, True):
            if is_async:
                w.line("@pytest.mark.anyio")
            with w.block(f"class Test{'Async' if is_async else ''}{cls}:"):
                for call in self.calls:
                    self._method_tests(w, call, is_async)
            w.blank(2)
        body = w.render()
        imports = _AbsoluteImports(self.config.package, self.module)
        add_symbols(imports, self.symbols)
        out = CodeWriter()
        out.line(header)
        out.line(f'"""Tests of the `{".".join(self.resource.path)}` resource against the mock server."""')
        out.blank()
        out.line("from __future__ import annotations")
        out.blank()
        out.lines(imports.render())
        # Relative, so that import sorting agrees whether or not `tests` counts as first-party.
        dots = "." * (len(self.resource.path) + 1)
        helpers = sorted(self.helpers)
        if helpers:
            out.blank()  # a relative import is a section of its own
            out.line(f"from {dots}utils import {', '.join(helpers)}")
        out.blank(1 if self.constants else 2)  # isort's spacing: one blank line before a statement
        for constant in self.constants:
            out.line(constant)
        if self.constants:
            out.blank(2)
        return out.render() + "\n\n" + body


def _walk(resources: Tuple[Resource, ...]) -> List[Resource]:
    out: List[Resource] = []
    stack = list(reversed(resources))
    while stack:
        resource = stack.pop()
        out.append(resource)
        stack.extend(reversed(resource.children))
    return out


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
    for resource in _walk(api.resources):
        if not resource.methods:
            continue
        path = _test_path(resource)
        files[path] = _ModuleEmitter(api, names, config, tests, resource).render(config.header)
    packages = {_ROOT}
    for path in files:
        parent = path.rsplit("/", 1)[0]
        while parent.startswith(_ROOT):
            packages.add(parent)
            parent = parent.rsplit("/", 1)[0]
    for package in packages:
        files[f"{package}/__init__.py"] = f'{config.header}\n"""Generated API tests."""\n'
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
