"""Params TypedDicts written as sdkforge emits them (postponed annotations), for test_transform."""

from __future__ import annotations

from datetime import datetime
from typing import Dict, Iterable, Optional, Union

from typing_extensions import Annotated, Literal, Required, TypedDict

from oai._params import PropertyInfo

__all__ = ["Attachment", "CreateParams", "Tree"]


class Attachment(TypedDict, total=False):
    kind: Required[Literal["file", "url"]]
    file_id: Annotated[str, PropertyInfo(alias="file-id")]


class Tree(TypedDict, total=False):
    """Refers to itself: plan compilation must terminate."""

    label: Required[str]
    children: Iterable[Tree]


class CreateParams(TypedDict, total=False):
    name: Required[str]
    attachments: Iterable[Attachment]
    expires_at: Annotated[Optional[datetime], PropertyInfo(format="iso8601")]
    tree: Tree
    labels: Optional[Dict[str, str]]
    mode: Union[str, Literal["fast", "slow"]]
