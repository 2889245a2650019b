"""Vendoring the runtime core: every OpenAI-specific spot is substituted, or the run fails loudly."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdkforge.config import parse_config
from sdkforge.vendor import VendorError, core_dir, vendor_core

CONFIG = """
package: acme
header: "# generated"
project: {name: acme, client: Acme, error: AcmeError, base_url: "https://api.acme.example", base_url_env: ACME_BASE_URL,
  credentials: [{name: api_key, env: ACME_API_KEY, scheme: k, kind: header, wire: X-Acme-Key}]}
resources: {}
"""


def test_core_is_renamed_and_carries_the_config() -> None:
    files = dict(vendor_core(parse_config(CONFIG)))
    assert "_base_client.py" in files and "_pagination.py" in files and "lib/rate_limits.py" in files
    assert "_client.py" not in files and "_client_resources.py" not in files
    assert 'DEFAULT_BASE_URL = "https://api.acme.example"' in files["_constants.py"]
    assert '"x-acme-key"' in files["_request.py"]  # redacted in logs like the other credentials
    assert all("openai" not in text.lower() for text in files.values())


def test_a_substitution_that_no_longer_matches_is_an_error(tmp_path: Path) -> None:
    for path in [*core_dir().glob("_*.py"), core_dir() / "_vendoring.json"]:
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "_constants.py").write_text('BASE = "https://api.openai.com/v1"\n', encoding="utf-8")
    with pytest.raises(VendorError, match=r"_constants\.py"):
        vendor_core(parse_config(CONFIG), root=tmp_path)
