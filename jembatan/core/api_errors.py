"""The error shapes every API operation answers with (422 as FastAPI/Ninja validation, 429 and others
as a single message), shared so that clients parse one format."""

from __future__ import annotations

from ninja import Schema


class ErrorItemOut(Schema):
    type: str
    loc: list[str | int]
    msg: str


class ValidationErrorOut(Schema):
    detail: list[ErrorItemOut]


class MessageOut(Schema):
    detail: str
