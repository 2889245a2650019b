"""`SequenceNotStr[str]` parameters: any sequence of strings goes out as a JSON list, and a type
checker rejects a bare `str` (which would otherwise be accepted as a sequence of one-letter strings)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import List

import httpx
import pytest

from oai import OpenAI
from oai._types import SequenceNotStr

REPO = Path(__file__).resolve().parents[2]
CONTAINER = {"id": "cntr_1", "object": "container", "created_at": 1, "name": "box", "status": "running"}


def _client(bodies: List[object]) -> OpenAI:
    def handle(request: httpx.Request) -> httpx.Response:
        bodies.append(json.loads(request.content))
        return httpx.Response(200, json=CONTAINER)

    return OpenAI(
        api_key="sk-test", base_url="http://test/v1", http_client=httpx.Client(transport=httpx.MockTransport(handle))
    )


def test_a_tuple_of_strings_is_sent_as_a_json_list() -> None:
    bodies: List[object] = []
    _client(bodies).containers.create(name="box", file_ids=("file_1", "file_2"))
    assert bodies == [{"name": "box", "file_ids": ["file_1", "file_2"]}]


def test_at_run_time_it_is_a_plain_sequence() -> None:
    ids: SequenceNotStr[str] = ["a"]
    assert isinstance(ids, Sequence)
    assert SequenceNotStr is Sequence  # pyright: ignore[reportUnnecessaryComparison]


@pytest.mark.skipif(shutil.which("node") is None, reason="pyright needs node")
def test_pyright_accepts_lists_and_tuples_and_rejects_a_bare_string(tmp_path: Path) -> None:
    (tmp_path / "use.py").write_text(
        "from oai import OpenAI\n"
        "\n"
        "containers = OpenAI(api_key='k').containers\n"
        "containers.create(name='a', file_ids=['file_1'])\n"
        "containers.create(name='a', file_ids=('file_1',))\n"
        "containers.create(name='a', file_ids='file_1')\n"
    )
    venv = Path(sys.prefix)  # so pyright sees httpx and pydantic, as a user's project would
    config = {
        "pythonVersion": "3.10",
        "typeCheckingMode": "strict",
        "extraPaths": [str(REPO / "src")],
        "venvPath": str(venv.parent),
        "venv": venv.name,
    }
    (tmp_path / "pyrightconfig.json").write_text(json.dumps(config))
    pyright = Path(sys.executable).parent / "pyright"
    result = subprocess.run(
        [str(pyright), "-p", str(tmp_path), "--outputjson"], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    diagnostics = json.loads(result.stdout)["generalDiagnostics"]
    assert [(d["rule"], d["range"]["start"]["line"]) for d in diagnostics] == [("reportArgumentType", 5)]
