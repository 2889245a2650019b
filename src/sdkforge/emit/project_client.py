"""Emit a standalone package's `_client.py`: the sync and async client classes, their
credentials (from arguments or environment variables) and the headers per security scheme."""

from __future__ import annotations

from typing import List

from ..config import Config, CredentialConfig, ProjectConfig
from ..lower.nodes import Module, Symbol
from ..lower.printer import print_module
from ..lower.source import fixed_block
from .code import py_str

__all__ = ["emit_client_module"]


def _auth_lines(credentials: tuple[CredentialConfig, ...]) -> List[str]:
    lines: List[str] = []
    schemes = list(dict.fromkeys(c.scheme for c in credentials))
    for scheme in schemes:
        group = [c for c in credentials if c.scheme == scheme]
        lines.append(f"        if {py_str(scheme)} in schemes:")
        basic = {c.kind: c for c in group if c.kind.startswith("basic_")}
        if basic:
            user, password = basic["basic_username"].name, basic["basic_password"].name
            lines.append(f"            if self.{user} is not None and self.{password} is not None:")
            lines.append(f'                pair = f"{{self.{user}}}:{{self.{password}}}".encode()')
            lines.append('                headers["Authorization"] = "Basic " + base64.b64encode(pair).decode("ascii")')
        for c in group:
            if c.kind == "bearer":
                lines.append(f"            if self.{c.name}:")
                lines.append(f'                headers["Authorization"] = f"Bearer {{self.{c.name}}}"')
            elif c.kind == "header":
                lines.append(f"            if self.{c.name}:")
                lines.append(f"                headers[{py_str(c.wire or c.name)}] = self.{c.name}")
        if lines[-1].endswith(":"):
            lines.append("            pass")
    return lines


def _query_lines(credentials: tuple[CredentialConfig, ...]) -> List[str]:
    lines: List[str] = []
    for c in credentials:
        if c.kind == "query":
            lines.append(f"        if self.{c.name}:")
            lines.append(f"            query[{py_str(c.wire or c.name)}] = self.{c.name}")
    return lines


def _fill(template: str, **values: str) -> str:
    # A second pass over already formatted text: plain replacement, braces in it are code.
    for key, value in values.items():
        template = template.replace("{" + key + "}", value)
    return template


def emit_client_module(config: Config, project: ProjectConfig) -> str:
    """The text of `_client.py`."""
    credentials = project.credentials
    default = config.security.default
    client, error = project.client, project.error
    args_doc = "\n".join(f"            {c.name}: a credential (default: `${c.env}`)." for c in credentials)
    cred_params = "".join(f"        {c.name}: str | None = None,\n" for c in credentials)
    cred_pass = "".join(f"            {c.name}={c.name},\n" for c in credentials)
    cred_attrs = "".join(f"    {c.name}: str | None\n" for c in credentials)
    cred_reads = "".join(
        f"        self.{c.name} = credentials[{py_str(c.name)}] or os.environ.get({py_str(c.env)})\n"
        for c in credentials
    )
    auth = _auth_lines(credentials)
    query = _query_lines(credentials)
    # API keys in the query ride on every request (the core has no per-operation query hook).
    query_property = ""
    client_body = _CLIENT.format(
        cls="{cls}",
        base="{base}",
        http="{http}",
        mw="{mw}",
        cred_params=cred_params,
        cred_pass=cred_pass,
        args_doc=args_doc,
        query_property=query_property,
    )
    sync = _fill(client_body, cls=client, base="ClientResources, SyncAPIClient", http="httpx.Client", mw="Middleware")
    async_ = _fill(
        client_body,
        cls=f"Async{client}",
        base="AsyncClientResources, AsyncAPIClient",
        http="httpx.AsyncClient",
        mw="AsyncMiddleware",
    )
    auth_text = "\n".join(auth) + "\n" if auth else ""
    query_text = "\n".join(query) + "\n" if query else ""
    code = (
        _HEAD.format(
            client=client,
            error=error,
            default_schemes=f"({py_str(default)},)" if default else "()",
            base_url_env=py_str(project.base_url_env),
            cred_attrs=cred_attrs,
            cred_reads=cred_reads,
            auth=auth_text,
            query=query_text,
        )
        + sync
        + async_
        + f"\nClient = {client}\nAsyncClient = Async{client}\n"
    )
    package = config.package
    scope = {
        "base64": Symbol("base64"),
        "os": Symbol("os"),
        **{name: Symbol("typing", name) for name in ("Any", "Mapping", "Sequence")},
        "httpx": Symbol("httpx"),
        "Self": Symbol("typing_extensions", "Self"),
        error: Symbol(f"{package}._exceptions", error),
        "normalize_base_url": Symbol(f"{package}._request", "normalize_base_url"),
    }
    for module, names in _CORE:
        scope.update({name: Symbol(f"{package}.{module}", name) for name in names})
    module = Module(
        f"{package}._client",
        config.header,
        ("AsyncClient", f"Async{client}", "Client", client),
        (fixed_block(code, scope),),
        doc=_DOC.format(client=client),
    )
    return print_module(module, package)


# The core names the client code may use, by module.
_CORE = (
    ("_base_client", ("AsyncAPIClient", "SyncAPIClient")),
    ("_client_resources", ("AsyncClientResources", "ClientResources")),
    ("_constants", ("DEFAULT_BASE_URL", "DEFAULT_MAX_RETRIES", "DEFAULT_TIMEOUT")),
    ("_middleware", ("AsyncMiddleware", "Middleware")),
    ("_types", ("Omit", "omit")),
)

_DOC = """`{client}`/`Async{client}` (also `Client`/`AsyncClient`): credentials from arguments or the
environment, the headers of each security scheme, `with_options`. Resource accessors come from
`_client_resources.py`; the request loop from `_base_client.py`."""


_HEAD = '''# The security schemes of operations that declare none of their own.
DEFAULT_SCHEMES: tuple[str, ...] = {default_schemes}


class _Account:
    """Credentials and the arguments `with_options` copies start from; never waits."""

    _init_args: dict[str, Any]
{cred_attrs}
    def _configure(
        self,
        *,
        base_url: str | httpx.URL | None,
        timeout: float | httpx.Timeout | None | Omit,
        max_retries: int,
        default_headers: Mapping[str, str | Omit] | None,
        default_query: Mapping[str, object] | None,
        _strict_response_validation: bool,
        **credentials: str | None,
    ) -> dict[str, Any]:
{cred_reads}        raw_url = base_url or os.environ.get({base_url_env}) or DEFAULT_BASE_URL
        if not raw_url:
            raise {error}("no base URL: pass `base_url` to the client or set " + {base_url_env})
        url = normalize_base_url(raw_url)
        if isinstance(timeout, Omit):
            resolved_timeout = DEFAULT_TIMEOUT
        else:
            resolved_timeout = timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)
        self._init_args = {{
            **credentials,
            "base_url": url,
            "timeout": resolved_timeout,
            "max_retries": max_retries,
            "default_headers": default_headers,
            "default_query": default_query,
            "_strict_response_validation": _strict_response_validation,
        }}
        return {{
            "base_url": url,
            "timeout": resolved_timeout,
            "max_retries": max_retries,
            "custom_headers": default_headers,
            "custom_query": {{**self._auth_query(), **(default_query or {{}})}},
            "strict_response_validation": _strict_response_validation,
        }}

    def auth_headers(self, security: tuple[str, ...] | None) -> dict[str, str]:
        """The credential headers of an operation's security schemes (the default ones when `None`)."""
        schemes = security if security is not None else DEFAULT_SCHEMES
        headers: dict[str, str] = {{}}
{auth}        return headers

    def _auth_query(self) -> dict[str, object]:
        query: dict[str, object] = {{}}
{query}        return query

    def __repr__(self) -> str:
        # Never a credential: only where requests go and how hard they retry.
        base_url = getattr(self, "base_url", None)
        return f"<{{type(self).__name__}} base_url={{str(base_url)!r}} max_retries={{getattr(self, 'max_retries', None)}}>"

'''

_CLIENT = '''
class {cls}(_Account, {base}):
    """The client; every operation of the API is a method of its resources (see api.md)."""

    def __init__(
        self,
        *,
{cred_params}        base_url: str | httpx.URL | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str | Omit] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: {http} | None = None,
        middleware: Sequence[{mw}] | None = None,
        _strict_response_validation: bool = False,
    ) -> None:
        """Create a client.

        Args:
{args_doc}
            base_url: where requests go.
            timeout: seconds or an `httpx.Timeout`, per attempt.
            max_retries: retries after the first attempt (default 2).
            default_headers: headers sent on every request (`omit` removes a default one).
            default_query: query params sent on every request.
            http_client: your own httpx client (proxies, transports, limits).
            middleware: functions `(request, call_next) -> response`, run in order on every attempt.
        """
        settings = self._configure(
{cred_pass}            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            _strict_response_validation=_strict_response_validation,
        )
        super().__init__(http_client=http_client, middleware=middleware or (), **settings)
{query_property}
    def with_options(self, *, middleware: Sequence[{mw}] | None = None, **changes: Any) -> Self:
        """A copy with some constructor arguments changed, sharing the connection pool."""
        args = {{**self._init_args, **changes}}
        args.setdefault("http_client", self._client)
        return type(self)(middleware=(*self._middleware, *(middleware or ())), **args)

    copy = with_options

'''
