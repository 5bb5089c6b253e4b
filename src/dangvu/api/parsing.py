"""The API's request parser: JSON bodies only as application/json (415 otherwise), and no control characters
or dates before 1900 in any string of a body or query (422) — checked once here for every route."""

import json
from typing import Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja.parser import Parser

from dangvu.core.errors import DomainError
from dangvu.core.security import query_problem, text_problem

# ninja turns any exception of parse_body into "400 Cannot parse request body"; the parser leaves the real
# refusal on the request under this name and the 400 handler (errors.py) answers it instead.
BODY_ERROR = "_dangvu_body_error"


class UnsupportedMediaType(Exception):
    """A body that is not application/json sent to a JSON route (415)."""


def _walk(value: Any, name: str) -> tuple[str, str, str] | None:
    """(field, rule, message) of the first bad string anywhere in a JSON document."""
    if isinstance(value, str):
        problem = text_problem(name, value)
        return (name, *problem) if problem else None
    if isinstance(value, dict):
        for key, item in value.items():
            found = _walk(str(key), name) or _walk(item, str(key))
            if found:
                return found
    elif isinstance(value, list):
        for item in value:
            found = _walk(item, name)
            if found:
                return found
    return None


class StrictParser(Parser):
    def parse_body(self, request: HttpRequest) -> Any:
        if request.content_type != "application/json":
            setattr(request, BODY_ERROR, UnsupportedMediaType(request.content_type or ""))
            raise UnsupportedMediaType(request.content_type)
        data = json.loads(request.body)
        found = _walk(data, "body")
        if found:
            field, rule, message = found
            error = DomainError(message, field=field, rule=rule)
            setattr(request, BODY_ERROR, error)
            raise error
        return data

    def parse_querydict(self, data: MultiValueDict, list_fields: list[str], request: HttpRequest) -> Any:
        for name, values in data.lists():
            for value in values:
                problem = query_problem(name, value) if isinstance(value, str) else None
                if problem:
                    raise DomainError(problem[1], field=name, rule=problem[0])
        return super().parse_querydict(data, list_fields, request)
