"""End-to-end tests of the sdkforge pipeline and CLI on the petstore spec: diagnostics, determinism, --check,
and the generated SDK imported, called over `httpx.MockTransport` and type-checked."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any, Dict, List, cast

import pytest
import yaml

from sdkforge.cli import main

ROOT = Path(__file__).resolve().parents[2]
SPECS = Path(__file__).parent / "specs"
SPEC = SPECS / "petstore.yaml"
CONFIG = SPECS / "petstore.sdkforge.yml"
CORE = ROOT / "src" / "oai"
GENERATED = {"resources", "types", "_client_resources.py"}


def _run_cli(*args: str, env: Dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "PYTHONPATH": str(ROOT / "src"), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "sdkforge", "generate", *args], capture_output=True, text=True, env=environ, check=False
    )


def _files(root: Path) -> Dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _with_core(out: Path) -> Path:
    """An output root holding a copy of the hand-written core, so the generated package imports."""
    target = out / "src" / "oai"
    shutil.copytree(CORE, target, ignore=lambda d, names: [n for n in names if n in GENERATED or n == "__pycache__"])
    return out


def test_sdkforge_package_knows_nothing_about_the_api_vendor() -> None:
    hits = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "src" / "sdkforge").rglob("*.py"))
        if "openai" in path.read_text(encoding="utf-8").lower()
    ]
    assert hits == []


def test_bad_config_fails_with_the_yaml_path_and_no_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "bad.yml"
    config.write_text(CONFIG.read_text().replace("page: cursor", "page: offset"))
    status = main(["generate", "--spec", str(SPEC), "--config", str(config), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert status == 1
    assert "resources.pets.methods.list.page" in err
    assert "unknown page style 'offset'" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_type_rename_of_an_unknown_schema_fails_with_its_config_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "sdkforge.yml"
    data = yaml.safe_load(CONFIG.read_text())
    data.setdefault("types", {})["Kitten"] = {"name": "Kitten", "package": "oai.types"}
    config.write_text(yaml.safe_dump(data))
    status = main(["generate", "--spec", str(SPEC), "--config", str(config), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert status == 1
    assert "sdkforge.yml:types.Kitten" in err
    assert "no component schema named 'Kitten'" in err
    assert not (tmp_path / "out").exists()


def test_bad_spec_fails_with_the_json_pointer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = yaml.safe_load(SPEC.read_text())
    del spec["paths"]["/pets/{pet_id}"]["get"]["operationId"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(spec))
    status = main(["generate", "--spec", str(bad), "--config", str(CONFIG), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert status == 1
    assert "#/paths/~1pets~1{pet_id}/get" in err
    assert "Traceback" not in err


def test_missing_spec_file_is_a_diagnostic(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["generate", "--spec", str(tmp_path / "nope.yaml"), "--config", str(CONFIG), "--out", str(tmp_path)])
    assert status == 1
    assert "Traceback" not in capsys.readouterr().err


def _shuffled(value: Any, rng: random.Random, *, keep_order: bool = False) -> Any:
    """Shuffle the key order of every mapping whose order carries no meaning."""
    if isinstance(value, dict):
        items = list(cast(Dict[str, Any], value).items())  # parsed YAML: string keys
        if not keep_order:
            rng.shuffle(items)
        # Property, path and resource order is meaningful (spec/config order is kept on purpose).
        return {k: _shuffled(v, rng, keep_order=k in ("properties", "paths", "resources", "methods")) for k, v in items}
    if isinstance(value, list):
        return [_shuffled(v, rng) for v in cast(List[Any], value)]
    return value


def test_generation_is_byte_identical_with_shuffled_dict_order_and_hash_seed(tmp_path: Path) -> None:
    rng = random.Random(7)
    spec = _shuffled(yaml.safe_load(SPEC.read_text()), rng)
    config = _shuffled(yaml.safe_load(CONFIG.read_text()), rng)
    (tmp_path / "spec.json").write_text(json.dumps(spec))
    (tmp_path / "config.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    first = _run_cli("--spec", str(SPEC), "--config", str(CONFIG), "--out", str(tmp_path / "a"), "--no-format",
                     env={"PYTHONHASHSEED": "1"})  # fmt: skip
    second = _run_cli("--spec", str(tmp_path / "spec.json"), "--config", str(tmp_path / "config.yml"),
                      "--out", str(tmp_path / "b"), "--no-format", env={"PYTHONHASHSEED": "2"})  # fmt: skip
    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    a, b = _files(tmp_path / "a"), _files(tmp_path / "b")
    a.pop(".stats.yml")  # holds the spec and config hashes, which differ by construction
    b.pop(".stats.yml")
    assert sorted(a) == sorted(b)
    assert [path for path in a if a[path] != b[path]] == []


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The petstore SDK generated (and formatted) beside a copy of the core."""
    out = _with_core(tmp_path_factory.mktemp("petstore"))
    result = _run_cli("--spec", str(SPEC), "--config", str(CONFIG), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


def test_check_passes_on_fresh_output_and_fails_after_an_edit(generated: Path, tmp_path: Path) -> None:
    out = tmp_path / "copy"
    shutil.copytree(generated, out)
    clean = _run_cli("--spec", str(SPEC), "--config", str(CONFIG), "--out", str(out), "--check")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    target = out / "src/oai/resources/pets/pets.py"
    edited = target.read_text() + "\n# local edit\n"
    target.write_text(edited)
    dirty = _run_cli("--spec", str(SPEC), "--config", str(CONFIG), "--out", str(out), "--check")
    assert dirty.returncode == 1
    assert "~ src/oai/resources/pets/pets.py" in dirty.stdout
    assert target.read_text() == edited


def test_regeneration_deletes_a_stale_generated_module(generated: Path, tmp_path: Path) -> None:
    out = tmp_path / "copy"
    shutil.copytree(generated, out)
    stale = out / "src/oai/resources/gone.py"
    stale.write_text((out / "src/oai/resources/pets/pets.py").read_text().splitlines()[0] + "\n")
    result = _run_cli("--spec", str(SPEC), "--config", str(CONFIG), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert not stale.exists()
    assert (out / "src/oai/_client.py").exists()


CALLS = textwrap.dedent(
    """
    import json, sys
    import httpx
    import oai

    assert not [m for m in sys.modules if m.startswith(("oai.resources", "oai.types"))], "import oai loaded resources"
    seen = []
    PET = {"id": "p1", "name": "Rex", "kind": {"type": "dog", "barks": True}, "owner": None}

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        path, method = request.url.raw_path.decode().split("?")[0], request.method
        if path == "/v1/pets" and method == "POST":
            return httpx.Response(200, json={**PET, "name": json.loads(request.content)["name"]})
        if path == "/v1/pets" and method == "GET":
            if request.url.params.get("after") == "p1":
                return httpx.Response(200, json={"data": [{**PET, "id": "p2"}], "has_more": False})
            return httpx.Response(200, json={"data": [PET], "has_more": True})
        if path == "/v1/pets/a%2Fb":
            return httpx.Response(200, json=PET)
        if path == "/v1/pets/p1/photos":
            return httpx.Response(200, json={"id": "ph1", "pet_id": "p1"})
        if path == "/v1/pets/p1/photos/ph1/content":
            return httpx.Response(200, content=b"PNG", headers={"content-type": "image/png"})
        if path == "/v1/pets/p1/events":
            body = json.loads(request.content)
            if body.get("stream"):
                text = 'data: {"type": "sit", "at": 1}\\n\\ndata: {"type": "roll", "at": 2}\\n\\ndata: [DONE]\\n\\n'
                return httpx.Response(200, content=text.encode(), headers={"content-type": "text/event-stream"})
            return httpx.Response(200, json={"events": []})
        if path == "/v1/admin/audits":
            return httpx.Response(200, json={"entries": ["a"]})
        return httpx.Response(404, json={"error": {"message": path}})

    client = oai.Client(
        api_key="sk-user", admin_api_key="sk-admin", base_url="https://pets.example.test/v1",
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
    )
    pet = client.pets.create(name="Bo")
    assert pet.name == "Bo" and pet.owner is None
    assert [p.id for p in client.pets.list(limit=1)] == ["p1", "p2"]
    assert seen[-1].url.params["after"] == "p1"
    assert client.pets.retrieve("a/b").id == "p1"
    try:
        client.pets.retrieve("")
        raise AssertionError("empty path param accepted")
    except ValueError:
        pass
    photo = client.pets.photos.upload("p1", file=("cat.png", b"img"), caption="hi")
    assert photo.id == "ph1"
    assert seen[-1].headers["content-type"].startswith("multipart/form-data")
    assert client.pets.photos.download("ph1", pet_id="p1").content == b"PNG"
    events = [e.type for e in client.pets.watch("p1", stream=True)]
    assert events == ["sit", "roll"], events
    assert client.pets.watch("p1").events == []
    audits = client.admin.audits.list(pet_store_beta="v2")
    assert audits.entries == ["a"]
    assert seen[-1].headers["authorization"] == "Bearer sk-admin"
    assert seen[-1].headers["pet-store-beta"] == "v2"
    raw = client.pets.with_raw_response.retrieve("a/b")
    assert raw.parse().id == "p1"
    print("ok")
    """
)


def test_generated_sdk_calls_the_api_over_a_mock_transport(generated: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(generated / "src")}
    result = subprocess.run(
        [sys.executable, "-c", CALLS], capture_output=True, text=True, env=env, cwd=generated, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "ok"


def test_generated_sdk_passes_pyright_strict_and_mypy(generated: Path) -> None:
    config = {
        "include": ["src/oai/resources", "src/oai/types", "src/oai/_client_resources.py"],
        "pythonVersion": "3.10",
        "typeCheckingMode": "strict",
        "reportPrivateUsage": False,
        "reportImportCycles": False,
        "venvPath": str(ROOT),
        "venv": ".venv",
    }
    (generated / "pyrightconfig.json").write_text(json.dumps(config))
    bin_dir = Path(sys.executable).parent
    pyright = subprocess.run(
        [str(bin_dir / "pyright"), "-p", str(generated)], capture_output=True, text=True, cwd=generated, check=False
    )
    assert pyright.returncode == 0, pyright.stdout[-4000:]
    mypy = subprocess.run(
        [str(bin_dir / "mypy"), "--python-version", "3.10", "--check-untyped-defs", "--ignore-missing-imports",
         "--no-incremental", "--follow-imports", "silent", "src/oai/resources", "src/oai/_client_resources.py"],
        capture_output=True, text=True, cwd=generated, env={**os.environ, "MYPYPATH": str(generated / "src")},
        check=False,
    )  # fmt: skip
    assert mypy.returncode == 0, mypy.stdout[-4000:]
