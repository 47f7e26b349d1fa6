"""The one YAML loader (leakscout/core/yaml_files.py): schema errors name the file and the exact line."""
import jsonschema
import pytest
import yaml

from leakscout.core.errors import BadInput
from leakscout.core.yaml_files import parse_yaml, schema

SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "jobs": {"type": "array", "items": {
            "type": "object", "required": ["spider"], "additionalProperties": False,
            "properties": {"spider": {"type": "string"}, "every": {"enum": ["hour", "day"]}},
            "x-messages": {"required": "job has no `{missing}:`"}}},
        "depth": {"type": "integer", "minimum": 1},
    },
}


def _error(text: str, source: str = "f.yaml", **kwargs) -> str:
    from leakscout.core import yaml_files
    with pytest.raises(BadInput) as error:
        document = parse_yaml(text, source, **kwargs)
        yaml_files.check(document, SCHEMA)
    return str(error.value)


@pytest.mark.parametrize("text, expected", [
    ("jobs:\n  - spider: a\n  - spider: b\n    evry: day\n", "f.yaml:4: unknown key 'evry' (did you mean 'every'?)"),
    ("jobs:\n  - spider: a\n    every: week\n", "f.yaml:3: jobs.0.every: 'week' is not one of ['hour', 'day']"),
    ("jobs:\n  - spider: a\n\n  - every: day\n", "f.yaml:4: job has no `spider:`"),
    ("depth: 0\njobs:\n  - spider: [x]\n", "f.yaml:1: depth: 0 is less than the minimum of 1"),
    ("jobs:\n  - spider: a\nzzz: 1\n", "f.yaml:3: unknown key 'zzz'; known keys: jobs, depth"),
    ("jobs:\n  - spider: a\n   every: day\n", "f.yaml:3: not valid YAML: "),
])
def test_the_first_mistake_is_named_at_its_line(text, expected):
    assert _error(text).startswith(expected)


def test_the_caller_words_the_place_and_picks_the_error_class():
    class ConfigError(BadInput):
        pass

    with pytest.raises(ConfigError, match=r"^in f.yaml at line 3: not valid YAML"):
        parse_yaml("a: 1\nb: [\n", "f.yaml", error=ConfigError, where=lambda name, line: f"in {name} at line {line}")


def test_the_base_loader_keeps_every_scalar_as_written():
    document = parse_yaml("name: 360\naliases: [true, 0x10, ~]\n", "w.yaml", loader=yaml.BaseLoader)
    assert document.data == {"name": "360", "aliases": ["true", "0x10", "~"]}
    assert parse_yaml("name: 360\n", "w.yaml").data == {"name": 360}


def test_fail_points_at_a_nested_key_or_item():
    document = parse_yaml("a:\n  b:\n    - x\n    - y\n  c: 1\n", "f.yaml")
    assert document.line(("a", "b", 1)) == 4 and document.line(("a", "c")) == 5
    assert document.line(("a", "missing")) == 1
    with pytest.raises(BadInput, match=r"^f.yaml:4: not y"):
        document.fail(("a", "b", 1), "not y")


@pytest.mark.parametrize("kind", ["site_config", "watchlist", "schedule"])
def test_each_bundled_schema_is_a_valid_json_schema(kind):
    jsonschema.Draft202012Validator.check_schema(schema(kind))
