"""The official SDK's public type names that `oai.types` exports at the same module path.

Migrating is a one-line import change only where `from openai.types.x import Y` becomes
`from oai.types.x import Y`. `../shared/reference/openai-python-names.json` lists the official
names; these tests pin the ones most imported and guard the coverage against regressions.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Dict, List, Tuple

import pytest

NAMES = Path(__file__).resolve().parents[1].parent / "shared" / "reference" / "openai-python-names.json"
# Raise this when coverage grows; the test prints the missing names when it falls.
COVERAGE_FLOOR = 846


def _official_types() -> List[Tuple[str, str]]:
    data = json.loads(NAMES.read_text())
    return [(row["module"], row["name"]) for row in data["types"]]


def _exported(module: str, name: str, cache: Dict[str, object]) -> bool:
    if module not in cache:
        try:
            cache[module] = importlib.import_module(module)
        except ImportError:
            cache[module] = None
    return cache[module] is not None and hasattr(cache[module], name)


@pytest.mark.parametrize(
    ("module", "name"),
    [
        ("oai.types.chat", "ChatCompletion"),
        ("oai.types.chat", "ChatCompletionChunk"),
        ("oai.types.chat", "ChatCompletionMessage"),
        ("oai.types.chat", "ChatCompletionMessageParam"),
        ("oai.types.chat", "ChatCompletionSystemMessageParam"),
        ("oai.types.chat", "ChatCompletionDeveloperMessageParam"),
        ("oai.types.chat", "ChatCompletionUserMessageParam"),
        ("oai.types.chat", "ChatCompletionAssistantMessageParam"),
        ("oai.types.chat", "ChatCompletionToolMessageParam"),
        ("oai.types.chat", "ChatCompletionFunctionMessageParam"),
        ("oai.types.chat", "ChatCompletionToolUnionParam"),
        ("oai.types.chat", "ChatCompletionMessageToolCallUnion"),
        ("oai.types.chat", "ChatCompletionAudio"),
        ("oai.types.chat", "ChatCompletionAudioParam"),
        ("oai.types.chat", "ChatCompletionStoreMessage"),
        ("oai.types", "CompletionChoice"),
        ("oai.types.shared", "ChatModel"),
        ("oai.types.shared", "FunctionDefinition"),
        ("oai.types.shared_params", "FunctionDefinition"),
        ("oai.types.shared_params", "ResponseFormatJSONSchema"),
    ],
)
def test_most_imported_names_exist_at_their_official_module(module: str, name: str) -> None:
    assert _exported(module, name, {}), f"{module}.{name} is missing"


def test_official_type_name_coverage_does_not_fall() -> None:
    cache: Dict[str, object] = {}
    official = _official_types()
    missing = [f"{module}.{name}" for module, name in official if not _exported(module, name, cache)]
    present = len(official) - len(missing)
    assert present >= COVERAGE_FLOOR, f"{present}/{len(official)} official names; missing: {missing}"


def test_shared_params_are_the_typeddicts_under_the_models_names() -> None:
    from typing_extensions import is_typeddict

    from oai.types import shared, shared_params

    assert is_typeddict(shared_params.FunctionDefinition)
    assert not is_typeddict(shared.FunctionDefinition)
    assert shared.FunctionDefinition.model_fields.keys() >= {"name", "parameters"}
    assert {"name", "parameters", "strict"} <= shared_params.FunctionDefinition.__annotations__.keys()
