"""The one YAML loader: safe-load a hand-edited file, check it against its JSON Schema, name the line.

Every file kind (site config, watchlist, schedule) has a schema in leakscout/core/schemas/<kind>.json.
A mistake is raised as BadInput (or the caller's subclass) worded ``FILE:LINE: what is wrong``, the
line being that of the offending key (in a mapping) or item (in a list).

A schema node may carry ``"x-messages": {"<keyword>": "<template>"}`` to word its errors the way
the file's readers know them; the template is formatted with ``path`` (dotted), ``key`` (the last
mapping key on the path), ``value`` (the value), ``extra`` (the first unknown key), ``extras`` (all of them), ``hint``
(did you mean …, or the allowed keys after the schema's ``x-known`` label), ``known`` (the allowed
keys), ``missing`` (a required key) and ``choices`` (an enum's values). Without one, a short default wording is used.
Checks a schema cannot express (cron strings, URLs, selectors) are the caller's, after the schema,
through ``YamlDocument.fail(path, message)``.
"""
from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Callable, NoReturn

import jsonschema
import yaml

from leakscout.core.errors import BadInput

KeyPath = tuple  # keys and list indices from the root, e.g. ("fields", "body") or ("jobs", 2)


def file_line(source: str, line: int) -> str:
    return f"{source}:{line}"


@dataclass
class YamlDocument:
    """The plain data of a YAML file and where each of its keys and items stands."""

    data: object
    root: yaml.Node | None
    source: str
    error: type[BadInput] = BadInput
    where: Callable[[str, int], str] = file_line

    def line(self, path: KeyPath = ()) -> int:
        """The 1-based line of the deepest node on ``path`` the YAML has (the document if none)."""
        node = self.root
        line = node.start_mark.line + 1 if node is not None else 1
        for part in path:
            child = None
            if isinstance(node, yaml.MappingNode):
                for key_node, value_node in node.value:
                    if key_node.value == str(part):
                        child, line = value_node, key_node.start_mark.line + 1
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
                child = node.value[part]
                line = child.start_mark.line + 1
            if child is None:
                break
            node = child
        return line

    def fail(self, path: KeyPath, message: str) -> NoReturn:
        raise self.error(f"{self.where(self.source, self.line(path))}: {message}")


@lru_cache(maxsize=None)
def schema(kind: str) -> dict:
    text = resources.files("leakscout.core").joinpath(f"schemas/{kind}.json").read_text(encoding="utf-8")
    return json.loads(text)


def parse_yaml(text: str, source: str, kind: str | None = None, *, error: type[BadInput] = BadInput,
               where: Callable[[str, int], str] = file_line, loader: type = yaml.SafeLoader) -> YamlDocument:
    """Safe-load ``text`` (named ``source`` in errors) and check it against the schema of ``kind``.

    ``loader``: yaml.SafeLoader (typed scalars) or yaml.BaseLoader (every scalar the text as written).
    """
    try:
        root = yaml.compose(text, Loader=loader)
        data = yaml.load(text, Loader=loader)  # noqa: S506 - only the two safe loaders are passed
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        place = where(source, mark.line + 1) if mark else source
        raise error(f"{place}: not valid YAML: {exc.problem or exc.context}") from exc
    except yaml.YAMLError as exc:
        raise error(f"{source}: not valid YAML: {exc}") from exc
    document = YamlDocument(data, root, source, error, where)
    if kind is not None:
        check(document, schema(kind))
    return document


def check(document: YamlDocument, file_schema: dict) -> None:
    """Raise for the first schema error in document order (the one nearest the top of the file)."""
    validator = jsonschema.Draft202012Validator(file_schema)
    errors = list(validator.iter_errors(document.data))
    if not errors:
        return
    found = min(errors, key=lambda e: (document.line(_where(e)), -len(e.absolute_path)))
    document.fail(_where(found), _message(found))


def _extra(error: jsonschema.ValidationError) -> list[str]:
    schema_ = error.schema
    allowed = set(schema_.get("properties", {}))
    return sorted((str(key) for key in error.instance if key not in allowed), key=str)


def _missing(error: jsonschema.ValidationError) -> str:
    return next(key for key in error.validator_value if key not in error.instance)


def _where(error: jsonschema.ValidationError) -> KeyPath:
    path = tuple(error.absolute_path)
    if error.validator == "additionalProperties":
        return path + (_extra(error)[0],)
    return path


def _message(error: jsonschema.ValidationError) -> str:
    path = tuple(error.absolute_path)
    known = list(error.schema.get("properties", {}))
    keys = [str(part) for part in path if isinstance(part, str)]
    fields = {"path": ".".join(map(str, path)), "key": keys[-1] if keys else "", "value": error.instance,
              "known": ", ".join(known), "extra": "", "extras": "", "hint": "", "missing": "", "choices": ""}
    if error.validator == "additionalProperties":
        extra = _extra(error)
        close = difflib.get_close_matches(extra[0], known, n=1)
        label = error.schema.get("x-known", "known keys:")
        fields.update(extra=extra[0], extras=", ".join(extra),
                      hint=f" (did you mean {close[0]!r}?)" if close else f"; {label} {', '.join(known)}")
    elif error.validator == "required":
        fields["missing"] = _missing(error)
    elif error.validator == "enum":
        fields["choices"] = ", ".join(map(str, error.validator_value))
    template = error.schema.get("x-messages", {}).get(error.validator)
    if template:
        return template.format(**fields)
    if error.validator == "additionalProperties":
        return f"unknown key {fields['extra']!r}{fields['hint']}"
    if error.validator == "required":
        return f"missing required key {fields['missing']!r}"
    where = f"{fields['path']}: " if path else ""
    return f"{where}{error.message}"
