"""Emit the files of a standalone project (config `project` section): the client, the package
root, `pyproject.toml`, README, the vendored runtime core and the test support modules."""

from __future__ import annotations

import json
from typing import List

from ..config import Config, CredentialConfig, ProjectConfig
from ..ir.nodes import Api
from ..lower.nodes import Attr, Builtin, Call, Code, Const, Exported, Function, Module, Ref, Statement, Symbol, Variable
from ..lower.printer import print_module
from ..lower.source import fixed_block
from . import GeneratedFile
from .code import py_str
from .project_client import emit_client_module

__all__ = ["emit_project"]

RUNTIME_DEPENDENCIES = (
    "httpx>=0.25,<1",
    "pydantic>=2.7,<3",
    "typing-extensions>=4.11,<5",
    "anyio>=3.5,<5",
    "distro>=1.7,<2",
    "sniffio",
    # The vendored core's default clients send through httpcore's pool (sync, httpx's own) and
    # httpcore2's (async), see docs/benchmarks.md.
    "httpcore>=1.0,<2",
    "httpcore2>=2.17,<3",
)
# Clients of httpx2 are accepted as `http_client` (the core bridges them); typed against it.
HTTPX2_EXTRA = ("httpx2>=2.17,<3",)
_EXCEPTIONS = (
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
    "PermissionDeniedError",
    "RateLimitError",
    "UnprocessableEntityError",
)


def _init(config: Config, project: ProjectConfig) -> str:
    package, client = config.package, project.client
    names = {
        "_client": ("AsyncClient", f"Async{client}", "Client", client),
        "_exceptions": (*_EXCEPTIONS, project.error),
        "_http": ("DefaultAsyncHttpxClient", "DefaultHttpxClient"),
        "_middleware": ("AsyncMiddleware", "Middleware"),
        "_models": ("BaseModel",),
        "_types": ("NOT_GIVEN", "NotGiven", "Omit", "Override", "omit", "override"),
        "_version": ("__title__", "__version__"),
    }
    exported = [Exported(Symbol(package, name)) for name in ("pagination", "types")]
    exported += [Exported(Symbol(f"{package}.{module}", name)) for module in names for name in names[module]]
    module = Module(
        package,
        config.header,
        tuple(item.symbol.bound for item in exported),
        (),
        doc=f"{project.description or package}.",
        exported=tuple(exported),
        is_package=True,
    )
    return print_module(module, package)


def _version(config: Config, project: ProjectConfig) -> str:
    name = config.package.split(".")[-1]
    body = (Variable("__title__", Const(name)), Variable("__version__", Const(project.version)))
    return print_module(
        Module(f"{config.package}._version", config.header, None, body, doc="The package version."), config.package
    )


def _toml_list(items: List[str]) -> str:
    return "[\n" + "".join(f"    {json.dumps(item)},\n" for item in items) + "]"


def _pyproject(config: Config, project: ProjectConfig) -> str:
    package_dir = "src/" + config.package.replace(".", "/")
    return f"""[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = {json.dumps(project.name)}
version = {json.dumps(project.version)}
description = {json.dumps(project.description)}
readme = "README.md"
requires-python = ">=3.10"
dependencies = {_toml_list(list(RUNTIME_DEPENDENCIES))}
classifiers = ["Typing :: Typed", "Programming Language :: Python :: 3"]

[project.optional-dependencies]
httpx2 = {_toml_list(list(HTTPX2_EXTRA))}
test = {_toml_list(["pytest>=8", "respx>=0.21", "anyio>=4", *HTTPX2_EXTRA])}

[tool.hatch.build.targets.wheel]
packages = [{json.dumps(package_dir)}]

[tool.pytest.ini_options]
testpaths = ["tests"]
addopts = "-q -p no:cacheprovider"

[tool.pyright]
include = [{json.dumps(package_dir)}]
pythonVersion = "3.10"
typeCheckingMode = "strict"
reportPrivateUsage = false
reportImportCycles = false
"""


def _credential_doc(credential: CredentialConfig) -> str:
    how = {
        "bearer": "sent as `Authorization: Bearer ...`",
        "basic_username": "the user name of HTTP basic auth",
        "basic_password": "the password of HTTP basic auth",
        "header": f"sent in the `{credential.wire}` header",
        "query": f"sent as the `{credential.wire}` query parameter",
    }[credential.kind]
    return f"| `{credential.name}` | `{credential.env}` | {how} (scheme `{credential.scheme}`) |"


def _readme(config: Config, project: ProjectConfig, api: Api) -> str:
    client = project.client
    package = config.package
    first = next((r for r in api.resources if r.methods), None)
    example = ""
    if first is not None:
        call = f"client.{'.'.join(first.path)}.{first.methods[0].name}(...)"
        example = f"\n# every operation is a method of a resource, e.g. {call}; see api.md\n"
    credentials = "\n".join(_credential_doc(c) for c in project.credentials)
    base = f"`{project.base_url}`" if project.base_url else "none: pass `base_url`"
    return f"""# {project.name}

{project.description}

Generated by sdkforge from the API's OpenAPI spec: every operation is a typed method (see
[api.md](api.md)), with retries, timeouts, middleware, raw and streaming responses.

## Install

```sh
pip install .
```

## Use

```python
from {package} import {client}

client = {client}()  # credentials from the environment (below){example}```

`Async{client}` has the same methods, awaited.

## Configuration

| argument | environment variable | meaning |
|---|---|---|
| `base_url` | `{project.base_url_env}` | default {base} |
{credentials}

`timeout`, `max_retries`, `default_headers`, `default_query`, `http_client` and `middleware` work as in
every Stainless-style SDK; `client.with_options(...)` returns a changed copy.

## Tests

```sh
pip install '.[test]'
TEST_API_BASE_URL=http://127.0.0.1:4010 pytest   # against a mock server of the spec (e.g. Prism)
```
"""


_RULE_FIELDS = {
    "next_url": (("next_url_field", "response"),),
    "cursor": (("cursor_param", "request"), ("cursor_field", "response")),
    "page_number": (("page_param", "request"),),
    "offset": (("offset_param", "request"),),
}
_RULE_DOCS = {
    "next_url": "the next page is the URL in `{response}`",
    "cursor": "the next page sends `{request}` = the response's `{response}`",
    "page_number": "the next page sends `{request}` one higher",
    "offset": "the next page moves `{request}` on by the items received",
}


def _pagination(config: Config) -> str:
    """`pagination.py`: the core's generic pages plus one class pair per configured page style."""
    core = {"AsyncConfiguredPage", "AsyncPaginator", "BaseAsyncPage", "BasePage", "BaseSyncPage", "SyncConfiguredPage"}
    classes: List[str] = []
    for style in config.pagination.values():
        if style.rule is None:
            core |= {style.sync, style.async_}  # a class of the core, by name
            continue
        doc = _RULE_DOCS[style.rule].format(
            request=style.request[0] if style.request else "", response=style.response[0] if style.response else ""
        )
        for cls, base in ((style.sync, "SyncConfiguredPage"), (style.async_, "AsyncConfiguredPage")):
            lines = [f"class {cls}({base}[_T], Generic[_T]):", f'    """Pages of this API: {doc}."""', ""]
            for attr, source in _RULE_FIELDS[style.rule]:
                values = style.request if source == "request" else style.response
                lines.append(f"    {attr} = {py_str(values[0])}")
            classes.append("\n".join(lines))
    names = sorted(core | {c.split("(")[0].removeprefix("class ") for c in classes})
    package = config.package
    body: List[Statement] = []
    if classes:
        body.append(Variable("_T", Call(Ref(Symbol("typing", "TypeVar")), (), (Const("_T"),))))
        scope = {"Generic": Symbol("typing", "Generic")}
        scope.update({name: Symbol(f"{package}._pagination", name) for name in core})
        body += [fixed_block(text, scope) for text in classes]
    module = Module(
        f"{package}.pagination",
        config.header,
        tuple(names),
        tuple(body),
        doc="Page types: the core's generic pages and one class per page style of this API.",
        exported=tuple(Exported(Symbol(f"{package}._pagination", name)) for name in sorted(core)),
    )
    return print_module(module, package)


def _tests_conftest(config: Config) -> str:
    fixture = Function(
        "anyio_backend",
        (),
        returns=Builtin("str"),
        decorators=(Attr(Ref(Symbol("pytest")), "fixture"),),
        body=(Code(('return "asyncio"',)),),
    )
    doc = "Shared test fixtures: the anyio backend."
    return print_module(Module("tests.conftest", config.header, None, (fixture,), doc=doc), "tests")


def _lib_init(config: Config) -> str:
    lib = Module(f"{config.package}.lib", config.header, None, (), doc="Helpers beyond the spec.", is_package=True)
    return print_module(lib, config.package)


def emit_project(
    api: Api, config: Config, core: List[tuple[str, str]], support: List[tuple[str, str]]
) -> List[GeneratedFile]:
    """The standalone project's files (none without a `project` section).

    Args:
        api: The IR (the README's example).
        config: The config.
        core: The vendored core, `(path under the package, text)`.
        support: The vendored test helpers, `(path under tests/, text)`.
    """
    project = config.project
    if project is None:
        return []
    root = "src/" + config.package.replace(".", "/")
    files = [
        GeneratedFile("pyproject.toml", _pyproject(config, project)),
        GeneratedFile("README.md", _readme(config, project, api)),
        GeneratedFile(f"{root}/__init__.py", _init(config, project)),
        GeneratedFile(f"{root}/_version.py", _version(config, project)),
        GeneratedFile(f"{root}/_client.py", emit_client_module(config, project)),
        GeneratedFile(f"{root}/pagination.py", _pagination(config)),
        GeneratedFile(f"{root}/py.typed", ""),
        GeneratedFile(f"{root}/lib/__init__.py", _lib_init(config)),
        GeneratedFile("tests/__init__.py", ""),
        GeneratedFile("tests/conftest.py", _tests_conftest(config)),
    ]
    # Copies of hand-written modules: renaming the package moves their imports, so they get sorted.
    files += [GeneratedFile(f"{root}/{name}", text, sort_imports=True) for name, text in core]
    files += [GeneratedFile(f"tests/{name}", text, sort_imports=True) for name, text in support]
    return files
