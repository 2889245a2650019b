"""Tests for sdkforge.promote: inline schemas named by JSON pointer become components of their own."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, Tuple

import pytest
import yaml

from sdkforge.cli import main
from sdkforge.config import TypeConfig, load_config
from sdkforge.ir.build import build_api
from sdkforge.loader import load_spec, parse_spec
from sdkforge.naming import build_names
from sdkforge.promote import is_pointer, promote_inline_schemas
from sdkforge.resolver import resolve

SPECS = Path(__file__).parent / "specs"
OWNER = "#/components/schemas/Widget/properties/owner"
PART = "#/components/schemas/Widget/properties/parts/items"
OWNER_REF = "#/components/schemas/#~1components~1schemas~1Widget~1properties~1owner"


def _spec() -> Any:
    return load_spec(SPECS / "frontend_widgets.yaml")


def test_is_pointer() -> None:
    assert is_pointer(OWNER)
    assert not is_pointer("Widget")


def test_promotion_moves_the_schema_and_leaves_a_ref() -> None:
    document = _spec()
    promoted, errors = promote_inline_schemas(document, [OWNER])
    assert errors == []
    schemas: Dict[str, Any] = promoted.data["components"]["schemas"]
    assert schemas[OWNER] == {"type": "object", "properties": {"name": {"type": "string"}}}
    assert schemas["Widget"]["properties"]["owner"] == {"$ref": OWNER_REF}
    # The loaded document is not mutated.
    assert "$ref" not in document.data["components"]["schemas"]["Widget"]["properties"]["owner"]
    assert OWNER not in document.data["components"]["schemas"]


def test_nested_promotions_take_the_innermost_first() -> None:
    spec = parse_spec(
        yaml.safe_dump(
            {
                "openapi": "3.1.0",
                "paths": {},
                "components": {
                    "schemas": {
                        "A": {
                            "type": "object",
                            "properties": {"b": {"type": "object", "properties": {"c": {"type": "object"}}}},
                        }
                    }
                },
            }
        )
    )
    outer, inner = "#/components/schemas/A/properties/b", "#/components/schemas/A/properties/b/properties/c"
    promoted, errors = promote_inline_schemas(spec, [outer, inner])
    assert errors == []
    schemas = promoted.data["components"]["schemas"]
    assert schemas[outer]["properties"]["c"] == {"$ref": "#/components/schemas/" + inner.replace("/", "~1")}
    assert schemas[inner] == {"type": "object"}


@pytest.mark.parametrize(
    ("pointer", "message"),
    [
        ("#/components/schemas/Widget/properties/nope", "no schema at this JSON pointer"),
        ("#/components/schemas/Widget/properties/shape", "this schema is a $ref"),
        ("#/components/schemas/Widget", "this is a component already"),
    ],
)
def test_bad_pointers_are_errors(pointer: str, message: str) -> None:
    document = _spec()
    promoted, errors = promote_inline_schemas(document, [pointer], config_label="cfg.yml:types")
    assert promoted is document
    assert [(e.pointer, e.level.value) for e in errors] == [(f"cfg.yml:types.{pointer}", "error")]
    assert message in errors[0].message


def test_a_pointer_other_refs_point_into_is_refused() -> None:
    spec = parse_spec(
        yaml.safe_dump(
            {
                "openapi": "3.1.0",
                "paths": {},
                "components": {
                    "schemas": {
                        "A": {"type": "object", "properties": {"b": {"type": "object", "properties": {}}}},
                        "C": {"$ref": "#/components/schemas/A/properties/b"},
                    }
                },
            }
        )
    )
    _, errors = promote_inline_schemas(spec, ["#/components/schemas/A/properties/b"])
    assert "other $refs point into this schema" in errors[0].message


def test_a_promoted_schema_gets_its_configured_name_and_module() -> None:
    config = load_config(SPECS / "frontend_widgets_config.yaml")
    config = config.model_copy(
        update={"types": {**config.types, OWNER: TypeConfig(name="WidgetOwner", package="widgetsdk.types.shared")}}
    )
    document, errors = promote_inline_schemas(_spec(), [OWNER])
    assert errors == []
    names = build_names(build_api(resolve(document), config), config)
    assert names.model(OWNER).name == "WidgetOwner"
    assert names.model(OWNER).module == "widgetsdk.types.shared.widget_owner"


def _generate(tmp_path: Path, **types: Dict[str, Any]) -> Tuple[int, Path]:
    """Generate the widgets SDK with `types` entries added to its config; (exit status, output root)."""
    data = yaml.safe_load((SPECS / "frontend_widgets_config.yaml").read_text())
    data["types"].update(types)
    config = tmp_path / "sdkforge.yml"
    config.write_text(yaml.safe_dump(data))
    out = tmp_path / "out"
    spec = str(SPECS / "frontend_widgets.yaml")
    return main(["generate", "--spec", spec, "--config", str(config), "--out", str(out)]), out


def test_generate_emits_the_promoted_type_in_its_own_module(tmp_path: Path) -> None:
    status, out = _generate(tmp_path, **{PART: {"name": "WidgetPart", "package": "widgetsdk.types"}})
    assert status == 0
    part = (out / "src/widgetsdk/types/widget_part.py").read_text()
    assert "class WidgetPart(BaseModel):" in part
    widget = (out / "src/widgetsdk/types/widget.py").read_text()
    assert "from .widget_part import WidgetPart" in widget
    assert "parts: Optional[List[WidgetPart]] = None" in widget
    assert "class Part(" not in widget


def test_generate_reports_a_bad_pointer_with_its_config_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nope = "#/components/schemas/Widget/properties/nope"
    status, out = _generate(tmp_path, **{nope: {"name": "Nope", "package": "widgetsdk.types"}})
    assert status == 1
    assert f"sdkforge.yml:types.{nope}" in capsys.readouterr().err
    assert not out.exists()


def test_generate_emits_alias_modules_exported_by_their_package(tmp_path: Path) -> None:
    status, out = _generate(
        tmp_path, Shape={"name": "Shape", "package": "widgetsdk.types", "aliases": ["widgetsdk.types.geo.Form"]}
    )
    assert status == 0
    form = (out / "src/widgetsdk/types/geo/form.py").read_text()
    assert "from ..shape import Shape" in form
    assert "Form: TypeAlias = Shape" in form
    assert "FormParam: TypeAlias = ShapeParam" in (out / "src/widgetsdk/types/geo/form_param.py").read_text()
    init = (out / "src/widgetsdk/types/geo/__init__.pyi").read_text()
    assert '"Form"' in init and '"FormParam"' in init


def test_an_alias_with_its_targets_own_name_imports_it_under_another(tmp_path: Path) -> None:
    status, out = _generate(
        tmp_path, Shape={"name": "Shape", "package": "widgetsdk.types", "aliases": ["widgetsdk.types.geo.Shape"]}
    )
    assert status == 0
    shape = (out / "src/widgetsdk/types/geo/shape.py").read_text()
    assert "from ..shape import Shape as _Shape" in shape
    assert "Shape: TypeAlias = _Shape" in shape
