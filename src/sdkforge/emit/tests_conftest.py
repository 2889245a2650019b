"""Emit `tests/api_resources/conftest.py`: the generated tests' client fixtures (mock server,
mock transport, local SSE server). Knows the tests config, never the raw spec."""

from __future__ import annotations

from ..config import Config
from ..lower.nodes import Module, Symbol
from ..lower.printer import print_module
from ..lower.source import fixed_block
from .code import py_str
from .test_values import TestsConfig

__all__ = ["emit_conftest"]


def emit_conftest(config: Config, tests: TestsConfig) -> str:
    """The text of the generated `conftest.py`."""
    client, async_client = tests.client, tests.async_client
    args = {**tests.client_args}
    items = [f"{py_str(k)}: {py_str(v)}" for k, v in sorted(args.items())]
    args_text = ", ".join([*items, '"max_retries": 0', '"_strict_response_validation": False'])
    package = config.package
    constants = [
        f"BASE_URL = os.environ.get({py_str(tests.base_url_env)}, {py_str(tests.base_url)})",
        "# No retries, so a failure shows at once; lenient parsing, so a test checks types itself.",
        f"CLIENT_ARGS: dict[str, Any] = {{{args_text}}}",
        'BINARY_BODY = b"raw response body"',
    ]
    fixtures = _CONFTEST_BODY.format(client=client, async_client=async_client, env=tests.base_url_env)
    scope = {
        "os": Symbol("os"),
        **{name: Symbol("typing", name) for name in ("Any", "AsyncIterator", "Callable", "Iterator", "List")},
        "httpx": Symbol("httpx"),
        "pytest": Symbol("pytest"),
        client: Symbol(package, client),
        async_client: Symbol(package, async_client),
        "SSEServer": Symbol("tests.sse_server", "SSEServer"),
        "RequestRecorder": Symbol("tests.utils", "RequestRecorder"),
    }
    module = Module(
        "tests.api_resources.conftest",
        config.header,
        None,
        (fixed_block("\n".join(constants), scope), fixed_block(fixtures, scope)),
        doc="Fixtures of the generated API tests: clients on the mock server, on a mock transport and on an SSE server.",
        first_party=(package,),
    )
    return print_module(module, "tests")


_CONFTEST_BODY = '''@pytest.fixture(scope="session")
def base_url() -> str:
    """The mock server's URL; fails every test at once with a hint when nothing answers there."""
    try:
        httpx.get(BASE_URL, timeout=5.0)
    except httpx.TransportError as exc:
        pytest.fail(f"no mock server at {{BASE_URL}} ({{exc}}): run scripts/mock --start or set {env}", pytrace=False)
    return BASE_URL


@pytest.fixture(scope="session")
def client(base_url: str) -> Iterator[{client}]:
    with {client}(base_url=base_url, **CLIENT_ARGS) as client:
        yield client


@pytest.fixture
async def async_client(base_url: str) -> AsyncIterator[{async_client}]:
    async with {async_client}(base_url=base_url, **CLIENT_ARGS) as client:
        yield client


@pytest.fixture
def recorder() -> RequestRecorder:
    return RequestRecorder()


def _mocked(recorder: RequestRecorder) -> {client}:
    return {client}(base_url=BASE_URL, http_client=httpx.Client(transport=httpx.MockTransport(recorder)), **CLIENT_ARGS)


def _async_mocked(recorder: RequestRecorder) -> {async_client}:
    transport = httpx.MockTransport(recorder)
    return {async_client}(base_url=BASE_URL, http_client=httpx.AsyncClient(transport=transport), **CLIENT_ARGS)


def _binary() -> RequestRecorder:
    return RequestRecorder(content=BINARY_BODY, content_type="application/octet-stream")


@pytest.fixture
def recording_client(recorder: RequestRecorder) -> Iterator[{client}]:
    with _mocked(recorder) as client:
        yield client


@pytest.fixture
async def async_recording_client(recorder: RequestRecorder) -> AsyncIterator[{async_client}]:
    async with _async_mocked(recorder) as client:
        yield client


@pytest.fixture
def binary_client() -> Iterator[{client}]:
    with _mocked(_binary()) as client:
        yield client


@pytest.fixture
async def async_binary_client() -> AsyncIterator[{async_client}]:
    async with _async_mocked(_binary()) as client:
        yield client


@pytest.fixture(scope="session")
def sse_server() -> Iterator[SSEServer]:
    with SSEServer() as server:
        yield server


@pytest.fixture
def stream_client(sse_server: SSEServer) -> Iterator[Callable[[List[object]], {client}]]:
    """A factory: a client whose every request gets the given events as a server-sent-events stream."""
    clients: List[{client}] = []

    def make(events: List[object]) -> {client}:
        clients.append({client}(base_url=sse_server.route(events), **CLIENT_ARGS))
        return clients[-1]

    yield make
    for client in clients:
        client.close()


@pytest.fixture
async def async_stream_client(sse_server: SSEServer) -> AsyncIterator[Callable[[List[object]], {async_client}]]:
    clients: List[{async_client}] = []

    def make(events: List[object]) -> {async_client}:
        clients.append({async_client}(base_url=sse_server.route(events), **CLIENT_ARGS))
        return clients[-1]

    yield make
    for client in clients:
        await client.close()
'''
