"""Tests for webhook events: the IR collects the spec's `webhooks`, naming places the event models,
the types emitter writes their discriminated union, and `client.webhooks.unwrap()` returns it."""

from __future__ import annotations

import base64
import hashlib
import hmac
import importlib
import json
import sys
from pathlib import Path
from typing import Any, Dict, Iterator, List, Tuple

import pytest

from sdkforge.config import ConfigError, parse_config
from sdkforge.emit.init import emit_inits
from sdkforge.emit.types import emit_types
from sdkforge.ir.build import build_api
from sdkforge.ir.nodes import Api, ObjectSchema, RefSchema
from sdkforge.loader import load_spec
from sdkforge.naming import Names, build_names
from sdkforge.resolver import resolve

SPEC = """\
openapi: 3.1.0
info: {title: Hooks, version: "1"}
paths:
  /things/{id}:
    get:
      operationId: getThing
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "200":
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Thing"}
webhooks:
  thing_created:
    post:
      description: Sent when a thing is created.
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/WebhookThingCreated"}
      responses: {"200": {description: ok}}
  thing_deleted:
    post:
      summary: Sent when a thing is deleted.
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/WebhookThingDeleted"}
      responses: {"200": {description: ok}}
  thing_pinged:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [type, data]
              properties:
                type: {type: string, enum: [thing.pinged]}
                data: {type: object, properties: {count: {type: integer}}}
      responses: {"200": {description: ok}}
components:
  schemas:
    Thing:
      type: object
      required: [id]
      properties:
        id: {type: string}
    WebhookThingCreated:
      type: object
      required: [type, data]
      properties:
        type: {type: string, enum: [thing.created], x-stainless-const: true}
        data: {$ref: "#/components/schemas/Thing"}
    WebhookThingDeleted:
      type: object
      required: [type, id]
      properties:
        type: {type: string, const: thing.deleted}
        id: {type: string}
"""

CONFIG = """\
package: pkg
header: "# generated"
resources:
  things:
    methods:
      retrieve: {operation: getThing, returns: Thing}
types:
  WebhookThingCreated: {name: ThingCreatedWebhookEvent, package: pkg.types.webhooks}
webhooks: {package: pkg.types.webhooks, union: UnwrapWebhookEvent, description: Any event.}
"""

UNION_FILE = "src/pkg/types/webhooks/unwrap_webhook_event.py"


def _build(tmp_path: Path, config_text: str = CONFIG, spec_text: str = SPEC) -> Tuple[Api, Names, Dict[str, str]]:
    spec = tmp_path / "spec.yaml"
    spec.write_text(spec_text, encoding="utf-8")
    config = parse_config(config_text)
    resolved = resolve(load_spec(spec))
    api = build_api(resolved, config)
    assert not resolved.diagnostics.has_errors, resolved.diagnostics.render()
    names = build_names(api, config)
    files = emit_types(api, names, config)
    files += emit_inits(files, names, config)
    return api, names, {item.path: item.text for item in files}


def test_ir_collects_webhooks_in_spec_order_with_schema_description_and_pointer(tmp_path: Path) -> None:
    api, _, _ = _build(tmp_path)
    assert [hook.name for hook in api.webhooks] == ["thing_created", "thing_deleted", "thing_pinged"]
    created, deleted, pinged = api.webhooks
    assert isinstance(created.schema, RefSchema) and created.schema.target == "WebhookThingCreated"
    assert created.description == "Sent when a thing is created."
    assert deleted.description == "Sent when a thing is deleted."  # the summary when there is no description
    assert pinged.pointer == "#/webhooks/thing_pinged/post"
    assert isinstance(pinged.schema, ObjectSchema)


def test_event_models_go_to_the_webhooks_package_renamed_or_derived(tmp_path: Path) -> None:
    _, names, files = _build(tmp_path)
    events = {name: (target.module, target.name) for name, target in names.webhook_events.items()}
    assert events == {
        "thing_created": ("pkg.types.webhooks.thing_created_webhook_event", "ThingCreatedWebhookEvent"),
        "thing_deleted": ("pkg.types.webhooks.webhook_thing_deleted", "WebhookThingDeleted"),
        "thing_pinged": ("pkg.types.webhooks.thing_pinged", "ThingPinged"),
    }
    assert "class ThingPinged(BaseModel):" in files["src/pkg/types/webhooks/thing_pinged.py"]
    # A schema that is no webhook payload keeps the root types package.
    assert names.models["Thing"].module == "pkg.types.thing"


def test_union_is_discriminated_on_the_type_literal(tmp_path: Path) -> None:
    _, names, files = _build(tmp_path)
    assert names.webhook_union is not None and names.webhook_union.name == "UnwrapWebhookEvent"
    text = files[UNION_FILE]
    assert "from .thing_created_webhook_event import ThingCreatedWebhookEvent" in text
    assert (
        "UnwrapWebhookEvent: TypeAlias = Annotated[Union[ThingCreatedWebhookEvent, WebhookThingDeleted, ThingPinged],"
        ' Field(discriminator="type")]'
    ) in text
    assert '__all__ = ["UnwrapWebhookEvent"]' in text
    assert '"""Any event."""' in text


def test_union_without_a_shared_literal_discriminator_is_a_plain_union(tmp_path: Path) -> None:
    config = CONFIG.replace("description: Any event.", "discriminator: id")
    _, _, files = _build(tmp_path, config)
    text = files[UNION_FILE]
    assert "UnwrapWebhookEvent: TypeAlias = Union[ThingCreatedWebhookEvent, WebhookThingDeleted, ThingPinged]" in text
    assert "discriminator" not in text


def test_webhooks_package_init_exports_the_union_and_every_event(tmp_path: Path) -> None:
    _, _, files = _build(tmp_path)
    init = files["src/pkg/types/webhooks/__init__.py"]
    for name, module in [
        ("UnwrapWebhookEvent", "unwrap_webhook_event"),
        ("ThingCreatedWebhookEvent", "thing_created_webhook_event"),
        ("WebhookThingDeleted", "webhook_thing_deleted"),
        ("ThingPinged", "thing_pinged"),
    ]:
        assert f"\n{name} {module}\n" in init


def test_without_webhooks_config_no_union_is_emitted_and_events_stay_in_the_root_package(tmp_path: Path) -> None:
    config = CONFIG.replace(
        "webhooks: {package: pkg.types.webhooks, union: UnwrapWebhookEvent, description: Any event.}\n", ""
    )
    api, names, files = _build(tmp_path, config)
    assert len(api.webhooks) == 3  # the IR still knows them
    assert names.webhook_union is None and names.webhook_events == {}
    assert UNION_FILE not in files
    assert names.models["WebhookThingDeleted"].module == "pkg.types.webhook_thing_deleted"


def test_webhook_without_a_json_body_is_a_warning_with_its_pointer(tmp_path: Path) -> None:
    spec_text = SPEC.replace(
        "components:",
        "  thing_raw:\n    post:\n      requestBody:\n        content:\n          text/plain:\n"
        "            schema: {type: string}\n      responses: {'200': {description: ok}}\ncomponents:",
    )
    spec = tmp_path / "spec.yaml"
    spec.write_text(spec_text, encoding="utf-8")
    resolved = resolve(load_spec(spec))
    api = build_api(resolved, parse_config(CONFIG))
    assert [hook.name for hook in api.webhooks] == ["thing_created", "thing_deleted", "thing_pinged"]
    warnings = [d for d in resolved.diagnostics.items if d.level.name == "WARNING"]
    assert [d.pointer for d in warnings] == ["#/webhooks/thing_raw/post"]
    assert "no JSON request body" in warnings[0].message


def test_webhooks_config_rejects_a_union_name_that_is_no_identifier() -> None:
    with pytest.raises(ConfigError, match=r"sdkforge.yml:9: webhooks\.union: 'not-a-name' is not a Python identifier"):
        parse_config(CONFIG.replace("union: UnwrapWebhookEvent", "union: not-a-name"))


@pytest.fixture
def hookpkg(tmp_path: Path) -> Iterator[Any]:
    """The emitted types written to a temporary directory and importable as `pkg`."""
    _, _, files = _build(tmp_path)
    shims = {"src/pkg/__init__.py": "", "src/pkg/_models.py": "from oai._models import BaseModel as BaseModel\n"}
    for path, text in [*shims.items(), *files.items()]:
        target = tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    sys.path.insert(0, str(tmp_path / "src"))
    try:
        yield importlib.import_module("pkg.types.webhooks")
    finally:
        sys.path.remove(str(tmp_path / "src"))
        for name in [name for name in sys.modules if name == "pkg" or name.startswith("pkg.")]:
            del sys.modules[name]


def test_emitted_union_parses_each_event_into_its_own_class(hookpkg: Any) -> None:
    from oai._models import validate_json

    created = validate_json(hookpkg.UnwrapWebhookEvent, '{"type": "thing.created", "data": {"id": "t1"}}')
    pinged = validate_json(hookpkg.UnwrapWebhookEvent, '{"type": "thing.pinged", "data": {"count": 2}}')
    assert type(created).__name__ == "ThingCreatedWebhookEvent" and created.data.id == "t1"
    assert type(pinged).__name__ == "ThingPinged" and pinged.data.count == 2


# End to end on the generated SDK: a signed delivery unwraps to the official event class.
KEY = b"0123456789abcdef0123456789abcdef"
SECRET = "whsec_" + base64.b64encode(KEY).decode()
NOW = 1_700_000_000


def _signed(event: Dict[str, Any]) -> Tuple[str, Dict[str, str]]:
    payload = json.dumps(event)
    digest = hmac.new(KEY, f"msg_1.{NOW}.{payload}".encode(), hashlib.sha256).digest()
    headers = {
        "webhook-id": "msg_1",
        "webhook-timestamp": str(NOW),
        "webhook-signature": "v1," + base64.b64encode(digest).decode(),
    }
    return payload, headers


def test_unwrap_returns_batch_completed_webhook_event_for_a_signed_batch_completed_payload() -> None:
    from oai.lib.webhooks import Webhooks
    from oai.types.webhooks import BatchCompletedWebhookEvent

    payload, headers = _signed(
        {"id": "evt_1", "object": "event", "type": "batch.completed", "created_at": NOW, "data": {"id": "batch_1"}}
    )
    event = Webhooks(clock=lambda: float(NOW)).unwrap(payload, headers, secret=SECRET)
    assert isinstance(event, BatchCompletedWebhookEvent)
    assert event.data.id == "batch_1"
    assert event.created_at == NOW
    assert event.raw_json() == payload


def test_unwrap_picks_the_event_class_by_type() -> None:
    from oai.lib.webhooks import Webhooks
    from oai.types.webhooks import RealtimeCallIncomingWebhookEvent, ResponseFailedWebhookEvent

    hooks = Webhooks(clock=lambda: float(NOW))
    failed = {"id": "evt_2", "type": "response.failed", "created_at": NOW, "data": {"id": "resp_1"}}
    call = {
        "id": "evt_3",
        "type": "realtime.call.incoming",
        "created_at": NOW,
        "data": {"call_id": "rtc_1", "sip_headers": [{"name": "CSeq", "value": "1 INVITE"}]},
    }
    assert isinstance(hooks.unwrap(*_signed(failed), secret=SECRET), ResponseFailedWebhookEvent)
    incoming = hooks.unwrap(*_signed(call), secret=SECRET)
    assert isinstance(incoming, RealtimeCallIncomingWebhookEvent)
    assert incoming.data.sip_headers[0].name == "CSeq"


def test_unwrap_keeps_an_event_of_an_unknown_type_as_received() -> None:
    from oai.lib.webhooks import Webhooks

    event = {"id": "evt_4", "type": "thing.invented_later", "created_at": NOW, "data": {"x": 1}}
    assert Webhooks(clock=lambda: float(NOW)).unwrap(*_signed(event), secret=SECRET) == event


OFFICIAL_NAMES = Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "openai-python-names.json"


def test_generated_webhooks_package_exports_every_official_webhook_type() -> None:
    import oai.types.webhooks as webhooks

    rows: List[Dict[str, str]] = json.loads(OFFICIAL_NAMES.read_text(encoding="utf-8"))["types"]
    official = sorted(row["name"] for row in rows if row["module"] == "oai.types.webhooks")
    assert len(official) == 17
    assert sorted(webhooks.__all__) == official
    for name in official:
        assert getattr(webhooks, name) is not None


def test_api_md_lists_the_webhook_event_types_and_the_union(tmp_path: Path) -> None:
    from sdkforge.emit.api_md import emit_api_md

    api, names, _ = _build(tmp_path)
    text = emit_api_md(api, names, parse_config(CONFIG)).text
    section = text[text.index("## Webhooks") :]
    assert "The 3 events the API may send to your webhook endpoint." in section
    assert (
        "from pkg.types.webhooks import ThingCreatedWebhookEvent, ThingPinged, UnwrapWebhookEvent, WebhookThingDeleted"
        in section
    )
