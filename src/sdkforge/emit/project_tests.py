"""The generated tests' settings for a standalone project: its client classes and credentials."""

from __future__ import annotations

from ..config import ProjectConfig
from .test_values import TestsConfig

__all__ = ["project_tests_config"]


def project_tests_config(project: ProjectConfig, overrides: TestsConfig) -> TestsConfig:
    """Tests settings derived from `project`; fields set in `overrides` (sdkforge.tests.yml) win."""
    derived = TestsConfig.model_validate(
        {
            "client": project.client,
            "async": f"Async{project.client}",
            "client_args": {c.name: f"test-{c.name.replace('_', '-')}" for c in project.credentials},
        }
    )
    changes = {name: getattr(overrides, name) for name in overrides.model_fields_set}
    return derived.model_copy(update=changes)
