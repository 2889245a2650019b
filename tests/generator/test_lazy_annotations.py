"""TypedDict modules import the names only their annotations use for type checkers, and load
them on first access (`lazy_imports`): importing a params module loads none of the params
modules its keys name, while `from m import Name`, `typing.get_type_hints` and the transform
see every name as before."""

from __future__ import annotations

import importlib
import sys
import textwrap
import typing
from pathlib import Path
from typing import Any, Dict, Iterator

import pytest
from typing_extensions import Required

from oai._transform import transform
from sdkforge.config import parse_config
from sdkforge.emit.init import emit_inits
from sdkforge.emit.params import emit_params
from sdkforge.emit.types import emit_types
from sdkforge.ir.build import build_api
from sdkforge.loader import load_spec
from sdkforge.pipeline import inferred_config
from sdkforge.ref_aliases import build_all_names
from sdkforge.resolver import resolve

_SPEC = """
openapi: 3.1.0
info: {title: Gadgets, version: "1"}
paths:
  /gadgets:
    post:
      operationId: createGadget
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [kind, part]
              properties:
                kind: {$ref: "#/components/schemas/Kind"}
                part: {$ref: "#/components/schemas/Part"}
                shapes: {type: array, items: {$ref: "#/components/schemas/Shape"}}
                label: {type: string}
      responses:
        "200":
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Part"}
components:
  schemas:
    Kind: {type: string, enum: [small, large]}
    Part:
      type: object
      required: [size]
      properties:
        size: {type: integer}
    Circle:
      type: object
      required: [type, radius]
      properties:
        type: {type: string, enum: [circle]}
        radius: {type: number}
    Square:
      type: object
      required: [type, side]
      properties:
        type: {type: string, enum: [square]}
        side: {type: number}
    Shape:
      oneOf:
        - {$ref: "#/components/schemas/Circle"}
        - {$ref: "#/components/schemas/Square"}
"""

# The generated package imports these core names; in the test they come from oai's core.
_SHIMS = {
    "src/gadgets/__init__.py": "",
    "src/gadgets/_models.py": "from oai._models import BaseModel as BaseModel\n",
    "src/gadgets/_types.py": "from oai._types import FileTypes as FileTypes, SequenceNotStr as SequenceNotStr\n",
    "src/gadgets/_params.py": "from oai._params import PropertyInfo as PropertyInfo\n",
    "src/gadgets/_lazy.py": "from oai._lazy import lazy_imports as lazy_imports\n",
}


def _files(tmp_path: Path) -> Dict[str, str]:
    spec = tmp_path / "gadgets.yaml"
    spec.write_text(textwrap.dedent(_SPEC), encoding="utf-8")
    text, _ = inferred_config(spec, "gadgets")
    config = parse_config(text, "<inferred>")
    api = build_api(resolve(load_spec(spec)), config)
    names = build_all_names(api, config)
    files = emit_types(api, names, config) + emit_params(api, names, config)
    return {item.path: item.text for item in files + emit_inits(files, names, config)}


@pytest.fixture
def gadgets(tmp_path: Path) -> Iterator[Dict[str, str]]:
    """The emitted package written to a temporary directory and importable as `gadgets`."""
    files = _files(tmp_path)
    for path, text in [*_SHIMS.items(), *files.items()]:
        target = tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    sys.path.insert(0, str(tmp_path / "src"))
    try:
        yield files
    finally:
        sys.path.remove(str(tmp_path / "src"))
        for name in [name for name in sys.modules if name == "gadgets" or name.startswith("gadgets.")]:
            del sys.modules[name]


def test_annotation_only_names_are_imported_for_type_checkers_and_loaded_on_access(tmp_path: Path) -> None:
    text = _files(tmp_path)["src/gadgets/types/gadget_create_params.py"]
    top, block = text.split("\nif TYPE_CHECKING:\n", 1)
    # Params modules the keys name wait; the literal alias stays at the top (a union's tag key
    # may be of its type, and the transform reads tags without importing anything).
    assert "from .kind import Kind\n" in top
    assert "from .._lazy import lazy_imports\n" in top
    assert "part_param" not in top and "shape_param" not in top
    expected = """\
    from .part_param import PartParam
    from .shape_param import ShapeParam
else:
    __getattr__ = lazy_imports(
        __name__,
        {
            "PartParam": ".part_param",
            "ShapeParam": ".shape_param",
        },
    )
"""
    assert block.startswith(expected), block


def test_a_type_alias_module_keeps_its_imports_eager(tmp_path: Path) -> None:
    # `ShapeParam: TypeAlias = Union[CircleParam, SquareParam]` is evaluated when the module runs.
    text = _files(tmp_path)["src/gadgets/types/shape_param.py"]
    assert "from .circle_param import CircleParam\nfrom .square_param import SquareParam\n" in text
    assert "TYPE_CHECKING" not in text and "lazy_imports" not in text


def test_importing_a_params_module_loads_none_of_the_modules_its_keys_name(gadgets: Dict[str, str]) -> None:
    params = importlib.import_module("gadgets.types.gadget_create_params")
    assert "gadgets.types.part_param" not in sys.modules
    assert "gadgets.types.shape_param" not in sys.modules
    # A name re-exported through the imports is there on first access, as before.
    from gadgets.types.gadget_create_params import PartParam  # type: ignore[import-not-found]

    assert PartParam is importlib.import_module("gadgets.types.part_param").PartParam
    assert getattr(params, "ShapeParam") is importlib.import_module("gadgets.types.shape_param").ShapeParam  # noqa: B009
    with pytest.raises(AttributeError, match="has no attribute 'Missing'"):
        getattr(params, "Missing")  # noqa: B009


def test_type_hints_resolve_names_not_loaded_yet(gadgets: Dict[str, str]) -> None:
    params = importlib.import_module("gadgets.types.gadget_create_params")
    # The module's `__builtins__` finds a lazily imported name for `eval` (get_type_hints, pydantic).
    hints = typing.get_type_hints(params.GadgetCreateParams, include_extras=True)
    part: Any = importlib.import_module("gadgets.types.part_param").PartParam
    assert hints["part"] == Required[part]


def test_the_transform_imports_the_modules_of_the_keys_it_is_sent(gadgets: Dict[str, str]) -> None:
    params = importlib.import_module("gadgets.types.gadget_create_params")
    body = transform({"kind": "small", "part": {"size": 1}}, params.GadgetCreateParams)
    assert body == {"kind": "small", "part": {"size": 1}}
    assert "gadgets.types.part_param" in sys.modules
    assert "gadgets.types.shape_param" not in sys.modules
    # The tag key (a literal alias) was checked from the start; the lazily resolved keys are too.
    with pytest.raises(TypeError, match=r"`kind` must be one of 'small', 'large', got 'tiny'"):
        transform({"kind": "tiny"}, params.GadgetCreateParams)
    with pytest.raises(TypeError, match=r"`shapes\[0\]\.type` must be one of 'circle', 'square', got 'oval'"):
        transform({"kind": "small", "shapes": [{"type": "oval"}]}, params.GadgetCreateParams)
    assert "gadgets.types.shape_param" in sys.modules
