"""docker-compose.yml and the Dockerfiles: valid Compose, and the promises the stack makes.

tests/schemas/compose-spec.json is the Compose Specification schema (compose-spec/compose-spec,
schema/compose-spec.json, Apache-2.0), vendored byte-for-byte from the copy that the
check-jsonschema package ships as its built-in `vendor.compose-spec` schema.
"""
from __future__ import annotations

import importlib.util
import json
import re
import shlex
import socket
import tomllib
from pathlib import Path

import pytest

yaml = pytest.importorskip("yaml")
jsonschema = pytest.importorskip("jsonschema")

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
SCHEMA_FILE = Path(__file__).resolve().parent / "schemas" / "compose-spec.json"
APP_SERVICES = ("crawler", "scheduler")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def services(compose) -> dict:
    return compose["services"]


def dockerfile_instructions(path: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, with line continuations joined and comments dropped."""
    text = re.sub(r"\\\n", " ", path.read_text(encoding="utf-8"))
    pairs = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            instruction, _, args = line.partition(" ")
            pairs.append((instruction.upper(), args.strip()))
    return pairs


def image_tag(image: str) -> str | None:
    """The tag of an image reference, or None when it has none (which means `latest`)."""
    if "@sha256:" in image:
        return image.split("@", 1)[1]
    last = image.rsplit("/", 1)[-1]
    return last.split(":", 1)[1] if ":" in last else None


def is_pinned(image: str) -> bool:
    tag = image_tag(image)
    return tag is not None and tag != "latest" and "$" not in tag and any(c.isdigit() for c in tag)


def one_shot_services(services: dict) -> set[str]:
    """Services meant to run to completion: others wait for them to exit 0, or they are run by
    hand under a profile."""
    waited_for = {
        name
        for svc in services.values()
        for name, dep in (svc.get("depends_on") or {}).items()
        if isinstance(dep, dict) and dep.get("condition") == "service_completed_successfully"
    }
    manual = {name for name, svc in services.items() if svc.get("profiles")}
    return waited_for | manual


def published_ports(service: dict) -> list:
    return service.get("ports") or []


# --- the specification -------------------------------------------------------------------------

def test_vendored_schema_is_the_compose_specification():
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert schema["title"] == "Compose Specification"
    assert "services" in schema["properties"]


def test_compose_file_is_valid_against_the_compose_specification(compose):
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    errors = sorted(validator_class(schema).iter_errors(compose), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def test_no_obsolete_version_key(compose):
    assert "version" not in compose


def test_every_service_the_stack_promises_is_there(services):
    expected = {"elasticsearch", "kibana", "tor", "redis", "mailpit", "crawler", "scheduler"}
    assert expected <= set(services)


# --- images ------------------------------------------------------------------------------------

def test_every_service_has_a_pinned_image_or_a_build(services):
    for name, svc in services.items():
        assert "image" in svc or "build" in svc, name
        if "image" in svc:
            assert is_pinned(svc["image"]), f"{name}: image {svc['image']!r} is not pinned"


@pytest.mark.parametrize("image, pinned", [
    ("redis", False), ("redis:latest", False), ("redis:7.2.5", True),
    ("docker.elastic.co/kibana/kibana:8.14.3", True), ("localhost:5000/app", False),
    ("axllent/mailpit:v1.20.0", True), ("debian:bookworm-slim", False),
])
def test_pin_check_itself(image, pinned):
    assert is_pinned(image) is pinned


def test_every_dockerfile_base_image_has_a_concrete_tag(services):
    for name, svc in services.items():
        if "build" not in svc:
            continue
        build = svc["build"] if isinstance(svc["build"], dict) else {"context": svc["build"]}
        dockerfile = ROOT / build.get("context", ".") / build.get("dockerfile", "Dockerfile")
        assert dockerfile.is_file(), f"{name}: {dockerfile} is missing"
        for instruction, args in dockerfile_instructions(dockerfile):
            if instruction == "FROM":
                base = args.split()[0]
                tag = image_tag(base)
                assert tag and tag != "latest", f"{dockerfile.name}: FROM {base} is not pinned"


def test_kibana_runs_the_same_version_as_elasticsearch(services):
    assert image_tag(services["kibana"]["image"]) == image_tag(services["elasticsearch"]["image"])
    assert image_tag(services["elasticsearch"]["image"]).startswith("8.")


# --- health and start order --------------------------------------------------------------------

def test_every_long_running_service_has_a_healthcheck(services):
    one_shot = one_shot_services(services)
    for name, svc in services.items():
        if name in one_shot:
            assert svc.get("restart") == "no", f"one-shot {name} must not be restarted"
            continue
        check = svc.get("healthcheck")
        assert check and check.get("test") and not check.get("disable"), f"{name}: no healthcheck"


def test_depends_on_waits_for_health_or_completion(services):
    one_shot = one_shot_services(services)
    for name, svc in services.items():
        for dep_name, dep in (svc.get("depends_on") or {}).items():
            assert isinstance(dep, dict), f"{name} -> {dep_name}: use the long form with a condition"
            condition = dep.get("condition")
            if condition == "service_healthy":
                assert "healthcheck" in services[dep_name], f"{dep_name} has no healthcheck"
            else:
                assert condition == "service_completed_successfully", f"{name} -> {dep_name}"
                assert dep_name in one_shot


@pytest.mark.parametrize("app", APP_SERVICES)
def test_app_waits_for_its_backends(services, app):
    deps = services[app]["depends_on"]
    for backend in ("elasticsearch", "tor", "redis", "mailpit"):
        assert deps[backend]["condition"] == "service_healthy", f"{app} -> {backend}"


# --- security ----------------------------------------------------------------------------------

def test_elasticsearch_security_is_on_with_a_password_from_the_environment(services):
    env = services["elasticsearch"]["environment"]
    assert str(env["xpack.security.enabled"]).lower() == "true"
    assert env["ELASTIC_PASSWORD"].startswith("${ELASTIC_PASSWORD")
    assert env["discovery.type"] == "single-node"
    assert "-Xms" in env["ES_JAVA_OPTS"] and "-Xmx" in env["ES_JAVA_OPTS"]


def test_elasticsearch_healthcheck_uses_curl_with_credentials(services):
    test = " ".join(services["elasticsearch"]["healthcheck"]["test"])
    assert "curl" in test and "-u" in test and "ELASTIC_PASSWORD" in test
    # $$ so that Compose leaves the variable to the container's shell.
    assert "$${ELASTIC_PASSWORD}" in test


def test_kibana_logs_in_as_kibana_system_not_the_superuser(services):
    env = services["kibana"]["environment"]
    assert env["ELASTICSEARCH_USERNAME"] == "kibana_system"
    assert env["ELASTICSEARCH_PASSWORD"].startswith("${")


def test_published_ports_are_bound_to_loopback(services):
    for name, svc in services.items():
        for port in published_ports(svc):
            if isinstance(port, dict):
                assert port.get("host_ip") == "127.0.0.1", f"{name}: {port}"
            else:
                assert str(port).startswith("127.0.0.1:"), f"{name}: {port}"


@pytest.mark.parametrize("internal", ["tor", "redis"])
def test_internal_services_are_not_published(services, internal):
    assert not published_ports(services[internal])


def test_mailpit_smtp_stays_inside_the_compose_network(services):
    assert not any(str(p).endswith(":1025") for p in published_ports(services["mailpit"]))


# --- the application services ------------------------------------------------------------------

@pytest.mark.parametrize("app", APP_SERVICES)
def test_app_environment(services, app):
    env = services[app]["environment"]
    assert env["LEAKSCOUT_TOR_PROXY"] == "socks5h://tor:9050"
    assert env["LEAKSCOUT_ES_URL"] in ("http://elasticsearch:9200", "https://elasticsearch:9200")
    assert env["LEAKSCOUT_ES_USER"] and env["LEAKSCOUT_ES_PASSWORD"].startswith("${")
    assert env["LEAKSCOUT_SMTP_URL"] == "smtp://mailpit:1025"
    assert env["LEAKSCOUT_REDIS_URL"] == "redis://redis:6379/0"
    assert env["LEAKSCOUT_ALERT_FROM"] and env["LEAKSCOUT_ALERT_TO"]


@pytest.mark.parametrize("app", APP_SERVICES)
def test_app_watchlist_is_mounted_where_the_environment_says(services, app):
    target = services[app]["environment"]["LEAKSCOUT_WATCHLIST"]
    mounts = {v.split(":")[1]: v.split(":")[0] for v in services[app]["volumes"]}
    assert target in mounts
    assert (ROOT / mounts[target]).is_file()


def test_the_shipped_watchlist_parses(services):
    watchlist = pytest.importorskip("leakscout.watchlist")
    target = services["scheduler"]["environment"]["LEAKSCOUT_WATCHLIST"]
    source = next(v.split(":")[0] for v in services["scheduler"]["volumes"] if f":{target}" in v)
    assert watchlist.load_watchlist(ROOT / source).brands


def test_scheduler_and_crawler_commands(services):
    assert services["scheduler"]["command"][:3] == ["leakscout", "schedule", "run"]
    crawl = services["crawler"].get("entrypoint", []) + services["crawler"].get("command", [])
    assert crawl[:2] == ["leakscout", "crawl"]


def test_compose_variables_are_documented_in_the_env_example(compose):
    text = COMPOSE_FILE.read_text(encoding="utf-8")
    required = set(re.findall(r"\$\{(\w+):\?", text))
    documented = set(re.findall(r"^(\w+)=", (ROOT / "deploy/env.example").read_text(), re.M))
    assert required and required <= documented


# --- volumes -----------------------------------------------------------------------------------

def volume_sources(svc: dict) -> list[str]:
    sources = []
    for volume in svc.get("volumes") or []:
        source = volume.get("source", "") if isinstance(volume, dict) else volume.split(":")[0]
        sources.append(source)
    return sources


def test_named_volumes_are_declared_and_used(compose, services):
    declared = set(compose.get("volumes") or {})
    used = set()
    for name, svc in services.items():
        for source in volume_sources(svc):
            if source.startswith((".", "/", "~")):
                assert (ROOT / source).exists(), f"{name}: bind mount {source} does not exist"
            else:
                assert source in declared, f"{name}: volume {source!r} is not declared"
                used.add(source)
    assert declared == used


@pytest.mark.parametrize("stateful, path", [
    ("elasticsearch", "/usr/share/elasticsearch/data"), ("redis", "/data"),
    ("tor", "/var/lib/tor"), ("mailpit", "/data"),
])
def test_stateful_services_keep_data_in_named_volumes(services, stateful, path):
    targets = {v.split(":")[1] for v in services[stateful]["volumes"]}
    assert path in targets


# --- Dockerfiles -------------------------------------------------------------------------------

def test_dockerfile_runs_the_leakscout_console_script():
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert "leakscout" in scripts
    commands = [
        args for instruction, args in dockerfile_instructions(ROOT / "Dockerfile")
        if instruction in ("CMD", "ENTRYPOINT")
    ]
    assert commands, "Dockerfile has no CMD or ENTRYPOINT"
    first_words = [json.loads(c)[0] if c.startswith("[") else shlex.split(c)[0] for c in commands]
    assert "leakscout" in first_words


def test_dockerfile_builds_the_project_for_a_non_root_user():
    instructions = dockerfile_instructions(ROOT / "Dockerfile")
    base = next(args for ins, args in instructions if ins == "FROM")
    assert base.startswith("python:3.11-slim")
    runs = " ".join(args for ins, args in instructions if ins == "RUN")
    assert "chromium" in runs and "pip install" in runs
    users = [args for ins, args in instructions if ins == "USER"]
    assert users and users[-1] not in ("root", "0")


def test_dockerignore_keeps_secrets_and_git_out_of_the_image():
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert ".env" in ignored and ".git" in ignored
    assert "deploy/healthcheck.py" not in ignored  # the image installs it


def test_tor_image_is_a_socks_proxy_for_the_compose_network():
    instructions = dockerfile_instructions(ROOT / "deploy/tor/Dockerfile")
    assert any(ins == "RUN" and "install" in args and " tor" in args for ins, args in instructions)
    torrc = (ROOT / "deploy/tor/torrc").read_text()
    assert re.search(r"^SocksPort 0\.0\.0\.0:9050$", torrc, re.M)
    assert re.search(r"^SocksPolicy reject \*$", torrc, re.M)


# --- the scheduler's healthcheck script ---------------------------------------------------------

def load_healthcheck_module():
    spec = importlib.util.spec_from_file_location("healthcheck", ROOT / "deploy/healthcheck.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_healthcheck_script_passes_when_services_answer(monkeypatch):
    healthcheck = load_healthcheck_module()
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        monkeypatch.setenv("LEAKSCOUT_ES_URL", f"http://127.0.0.1:{port}")
        monkeypatch.setenv("LEAKSCOUT_REDIS_URL", f"redis://127.0.0.1:{port}/0")
        monkeypatch.setenv("LEAKSCOUT_TOR_PROXY", f"socks5h://127.0.0.1:{port}")
        assert healthcheck.main() == 0


def test_healthcheck_script_fails_when_a_service_is_down(monkeypatch, capsys):
    healthcheck = load_healthcheck_module()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]  # bound but not listening: connections are refused
        monkeypatch.setenv("LEAKSCOUT_ES_URL", f"http://127.0.0.1:{closed_port}")
        monkeypatch.delenv("LEAKSCOUT_REDIS_URL", raising=False)
        monkeypatch.delenv("LEAKSCOUT_TOR_PROXY", raising=False)
        assert healthcheck.main() == 1
    assert "LEAKSCOUT_ES_URL" in capsys.readouterr().err


def test_the_scheduler_service_has_a_valid_schedule_mounted(compose):
    from leakscout.scheduler import load_schedule

    jobs = load_schedule(ROOT / "deploy" / "schedule.yaml")
    assert jobs, "the scheduler service would have nothing to run"
    mounted = [v for v in compose["x-leakscout-app"]["volumes"] if "schedule.yaml" in v]
    assert mounted == ["./deploy/schedule.yaml:/config/schedule.yaml:ro"]
