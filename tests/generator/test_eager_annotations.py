"""Response models are written without `from __future__ import annotations` (pydantic gets types,
not strings to compile and evaluate): forward references, and only those, are quoted. A
generated project with self- and mutually-referencing schemas imports, validates nested bodies
and type-checks; params modules keep postponed annotations."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest

from sdkforge.cli import main
from sdkforge.lower.nodes import Class, Field, Local, Module, OptionalOf, Ref, Symbol
from sdkforge.lower.printer import print_module

ROOT = Path(__file__).resolve().parents[2]
SPEC = Path(__file__).parent / "specs" / "recursive_models.yaml"
FUTURE = "from __future__ import annotations"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    out = tmp_path_factory.mktemp("recursive") / "out"
    assert main(["generate", "--spec", str(SPEC), "--package", "recursive_sdk", "--out", str(out)]) == 0
    sys.path.insert(0, str(out / "src"))
    try:
        yield out
    finally:
        sys.path.remove(str(out / "src"))
        for name in [n for n in sys.modules if n == "recursive_sdk" or n.startswith("recursive_sdk.")]:
            del sys.modules[name]


def _types(project: Path, module: str) -> str:
    return (project / "src/recursive_sdk/types" / f"{module}.py").read_text()


def _model(name: str, module: str) -> Any:
    return getattr(importlib.import_module(f"recursive_sdk.types.{module}"), name)


def test_model_modules_evaluate_annotations_and_quote_only_forward_references(project: Path) -> None:
    category = _types(project, "category")
    assert FUTURE not in category
    assert 'parent: Optional["Category"] = None' in category
    assert 'children: Optional[List["Category"]] = None' in category
    assert 'source: Optional["Category"] = None' in category  # the nested Origin, written first
    assert "origin: Optional[Origin] = None" in category  # defined above: not quoted
    folder, document = _types(project, "folder"), _types(project, "document")
    assert FUTURE not in folder and FUTURE not in document
    assert 'documents: List["Document"]' in folder
    assert "from .document import Document  # noqa: E402" in folder
    assert 'folder: Optional["Folder"] = None' in document


def test_a_self_referencing_model_validates_nested_levels(project: Path) -> None:
    Category = _model("Category", "category")
    body = {
        "name": "a",
        "parent": {"name": "root"},
        "children": [{"name": "b", "children": [{"name": "c"}]}],
        "origin": {"source": {"name": "d", "origin": {"note": "deep"}}},
    }
    parsed = Category.model_validate(body)
    assert parsed.parent.name == "root"
    assert parsed.children[0].children[0].name == "c"
    assert parsed.origin.source.origin.note == "deep"
    with pytest.raises(ValueError, match=r"children\.0\.name"):
        Category.model_validate({"name": "a", "children": [{}]})


def test_mutually_referencing_models_validate_each_other(project: Path) -> None:
    Folder = _model("Folder", "folder")
    Document = _model("Document", "document")
    parsed = Folder.model_validate(
        {"name": "f", "documents": [{"title": "t", "folder": {"name": "g", "documents": [{"title": "u"}]}}]}
    )
    assert isinstance(parsed.documents[0], Document)
    assert parsed.documents[0].folder.documents[0].title == "u"
    assert Document.model_validate({"title": "t", "folder": None}).folder is None


def test_params_modules_keep_postponed_annotations(project: Path) -> None:
    params = [path for path in (project / "src/recursive_sdk/types").rglob("*_params.py")]
    assert params, "the spec's path parameters give no params module"
    assert all(FUTURE in path.read_text() for path in params)


def test_the_recursive_project_type_checks(project: Path) -> None:
    pyright = ROOT / ".venv" / "bin" / "pyright"
    if not pyright.exists():
        pytest.fail("pyright is missing: run scripts/bootstrap")
    done = subprocess.run(
        [str(pyright), "--pythonpath", sys.executable, "src"],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ},
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:]


def _module(annotation: Any, *, eager: bool = True) -> Module:
    node = Class("Node", (Ref(Symbol("pkg._models", "BaseModel")),), (Field("parent", annotation, None, None),))
    return Module("pkg.types.node", "# generated", ("Node",), (node,), eager_annotations=eager)


def test_the_printer_refuses_an_unquoted_forward_reference() -> None:
    with pytest.raises(ValueError, match=r"pkg.types.node: Node.parent names Node before it is bound"):
        print_module(_module(OptionalOf(Local("Node"))), "pkg")
    with pytest.raises(ValueError, match="names Edge before it is bound"):
        print_module(_module(Ref(Symbol("pkg.types.edge", "Edge"), deferred=True)), "pkg")
    assert 'parent: Optional["Node"]' in print_module(_module(OptionalOf(Local("Node", quoted=True))), "pkg")
    assert FUTURE in print_module(_module(OptionalOf(Local("Node")), eager=False), "pkg")
