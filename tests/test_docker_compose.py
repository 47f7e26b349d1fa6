"""docker-compose.yml and the Dockerfiles: valid Compose, and the promises the stack makes.

tests/schemas/compose-spec.json is the Compose Specification schema (compose-spec/compose-spec,
schema/compose-spec.json, Apache-2.0), vendored byte-for-byte from the copy that the
check-jsonschema package ships as its built-in `vendor.compose-spec` schema.
"""
from __future__ import annotations

import hashlib
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


def mounts(service: dict) -> dict[str, tuple[str, bool]]:
    """Mount target → (source, read-only) for the short volume syntax used in the file."""
    found = {}
    for volume in service.get("volumes") or []:
        source, target, *mode = volume.split(":")
        found[target] = (source, "ro" in mode)
    return found


def mounting_services(services: dict, volume: str) -> dict[str, bool]:
    """Service name → whether it mounts ``volume`` read-only."""
    return {name: read_only for name, svc in services.items()
            for source, read_only in mounts(svc).values() if source == volume}


def volume_of(service: dict, path: str) -> tuple[str, bool] | None:
    """The (volume, read-only) that holds ``path`` inside the service's container."""
    for target, mounted in mounts(service).items():
        if path.startswith(target.rstrip("/") + "/"):
            return mounted
    return None


def environment(service: dict) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {key: str(value) for key, value in env.items()}


SECRET_NAME = re.compile(r"PASSWORD|API_KEY|SECRET|SALT|TOKEN", re.I)
# A whole value that is one variable, required (${X:?msg}) or with an empty default at most.
FROM_ENVIRONMENT = re.compile(r"\$\{\w+(:\?[^}]*|:-)?\}")
# curl's -u user:password on a command line.
CURL_CREDENTIALS = re.compile(r"""-u\s+["']?[^:\s"']+:([^\s"']*)""")


def written_secrets(compose: dict) -> list[str]:
    """Secrets whose value is in the file itself rather than taken from the environment."""
    found = []
    blocks = {name: svc for name, svc in compose.get("services", {}).items()}
    blocks.update({name: block for name, block in compose.items() if name.startswith("x-") and isinstance(block, dict)})
    for name, block in blocks.items():
        for key, value in environment(block).items():
            if SECRET_NAME.search(key) and not FROM_ENVIRONMENT.fullmatch(value):
                found.append(f"{name}: {key}")
        words = [*(block.get("healthcheck") or {}).get("test", [])]
        for field in ("command", "entrypoint"):
            value = block.get(field) or []
            words += value if isinstance(value, list) else [value]
        for password in CURL_CREDENTIALS.findall(" ".join(map(str, words))):
            if not password.startswith("$"):
                found.append(f"{name}: curl -u with a password")
    return found


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
    # Over TLS, verifying the node's certificate with the CA (relative to the image's workdir).
    assert '"https://localhost:9200/' in test and "-k" not in test.split() and "--insecure" not in test
    ca = re.search(r"--cacert (\S+)", test).group(1)
    assert volume_of(services["elasticsearch"], f"/usr/share/elasticsearch/{ca}") == ("es-node-certs", True)


@pytest.mark.parametrize("layer", ["http", "transport"])
def test_elasticsearch_speaks_tls_with_the_certificates_es_certs_makes(services, layer):
    env = services["elasticsearch"]["environment"]
    assert str(env[f"xpack.security.{layer}.ssl.enabled"]).lower() == "true"
    for setting, name in (("key", "elasticsearch.key"), ("certificate", "elasticsearch.crt"),
                          ("certificate_authorities", "ca.crt")):
        path = env[f"xpack.security.{layer}.ssl.{setting}"]  # relative to the config directory
        assert path == f"certs/{name}"
        assert volume_of(services["elasticsearch"], f"/usr/share/elasticsearch/config/{path}") == ("es-node-certs", True)
    if layer == "transport":
        assert env["xpack.security.transport.ssl.verification_mode"] in ("certificate", "full")


def test_certificates_are_made_once_by_a_one_shot_certutil_service(services):
    certs = services["es-certs"]
    assert certs["image"] == services["elasticsearch"]["image"]  # the same certutil as the node
    assert certs["restart"] == "no"
    assert services["elasticsearch"]["depends_on"]["es-certs"]["condition"] == "service_completed_successfully"
    script_mount = next(v for v in certs["volumes"] if v.endswith(":ro") and v.startswith("./"))
    source, target, _ = script_mount.split(":")
    assert certs["command"] == ["bash", target]
    script = (ROOT / source).read_text()
    assert "elasticsearch-certutil ca " in script and "elasticsearch-certutil cert " in script
    # The node certificate names the host clients connect to.
    assert re.search(r"dns: \[elasticsearch, localhost\]", script)
    # What the script writes where is what the volumes carry.
    written = mounts(certs)
    assert written["/certs/ca"] == ("es-ca", False)
    assert written["/certs/node"] == ("es-node-certs", False)
    assert written["/certs/public"] == ("es-ca-cert", False)
    assert 'cp "$ca/ca.crt" "$node/ca.crt"' in script and 'cp "$ca/ca.crt" "$public/ca.crt"' in script


def test_certificate_volumes_are_shared_only_as_far_as_needed(services):
    # The CA's key stays in the service that signs; the node's key goes to the node only.
    assert mounting_services(services, "es-ca") == {"es-certs": False}
    assert mounting_services(services, "es-node-certs") == {"es-certs": False, "elasticsearch": True}
    # Every client of the cluster gets the CA certificate, read-only.
    ca_cert = mounting_services(services, "es-ca-cert")
    assert ca_cert.pop("es-certs") is False
    clients = {"kibana", "es-setup", "index-init", *APP_SERVICES}
    assert set(ca_cert) == clients and all(ca_cert.values())


@pytest.mark.parametrize("app", ["index-init", *APP_SERVICES])
def test_leakscout_connects_over_https_and_verifies_with_the_ca(services, app):
    from leakscout.core.config import load_settings

    env = services[app]["environment"]
    assert env["LEAKSCOUT_ES_URL"] == "https://elasticsearch:9200"
    assert volume_of(services[app], env["LEAKSCOUT_ES_CA_CERTS"]) == ("es-ca-cert", True)
    # The variable names are the ones leakscout reads.
    settings = load_settings({"LEAKSCOUT_ES_URL": env["LEAKSCOUT_ES_URL"],
                              "LEAKSCOUT_ES_CA_CERTS": env["LEAKSCOUT_ES_CA_CERTS"]})
    assert (settings.es_url, settings.es_ca_certs) == ("https://elasticsearch:9200", "/certs/ca.crt")


def test_kibana_connects_over_https_and_verifies_with_the_ca(services):
    env = services["kibana"]["environment"]
    assert json.loads(env["ELASTICSEARCH_HOSTS"]) == ["https://elasticsearch:9200"]
    assert volume_of(services["kibana"], env["ELASTICSEARCH_SSL_CERTIFICATEAUTHORITIES"]) == ("es-ca-cert", True)
    assert env.get("ELASTICSEARCH_SSL_VERIFICATIONMODE", "full") == "full"


def test_es_setup_talks_https_with_the_ca(services):
    script_mount = next(v for v in services["es-setup"]["volumes"] if v.startswith("./"))
    script = (ROOT / script_mount.split(":")[0]).read_text()
    assert 'ES_URL="${ES_URL:-https://elasticsearch:9200}"' in script
    ca = re.search(r'ES_CA="\$\{ES_CA:-(\S+)\}"', script).group(1)
    assert 'curl -fsS --cacert "$ES_CA"' in script
    assert volume_of(services["es-setup"], ca) == ("es-ca-cert", True)


def test_no_password_is_written_in_the_compose_file(compose):
    assert written_secrets(compose) == []


@pytest.mark.parametrize("block, leaks", [
    ({"environment": {"ELASTIC_PASSWORD": "${ELASTIC_PASSWORD:?set it}"}}, False),
    ({"environment": {"LEAKSCOUT_HASH_SALT": "${LEAKSCOUT_HASH_SALT:-}"}}, False),
    ({"environment": {"ELASTIC_PASSWORD": "changeme"}}, True),
    ({"environment": {"KIBANA_PASSWORD": "${KIBANA_PASSWORD:-changeme}"}}, True),
    ({"environment": ["ELASTICSEARCH_PASSWORD=hunter2"]}, True),
    ({"healthcheck": {"test": ["CMD-SHELL", "curl -u \"elastic:$${ELASTIC_PASSWORD}\" https://x"]}}, False),
    ({"healthcheck": {"test": ["CMD-SHELL", "curl -u elastic:hunter2 https://x"]}}, True),
])
def test_secret_check_itself(block, leaks):
    assert bool(written_secrets({"services": {"svc": block}})) is leaks


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
    assert env["LEAKSCOUT_ES_URL"] == "https://elasticsearch:9200"
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
    watchlist = pytest.importorskip("leakscout.core.watchlist")
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


# --- Chromium's sandbox under Docker's seccomp filter -------------------------------------------
# Docker's default profile allows unshare, setns and namespace-creating clone/clone3 only with
# CAP_SYS_ADMIN, so as the image's non-root user Chromium's sandbox could not start and
# LEAKSCOUT_BROWSER_SANDBOX=require would render nothing. deploy/seccomp/chromium.json is the
# default (vendored unchanged as deploy/seccomp/moby-default.json) plus those four calls.

SECCOMP_DIR = ROOT / "deploy" / "seccomp"
SECCOMP_PROFILE = "./deploy/seccomp/chromium.json"
NAMESPACE_SYSCALLS = {"clone", "clone3", "setns", "unshare"}
# The one upstream rule the profile drops: clone3 fails with ENOSYS without CAP_SYS_ADMIN (its
# flags are out of seccomp's reach). It would contradict the unconditional allow.
UPSTREAM_CLONE3_RULE = {"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38,
                        "excludes": {"caps": ["CAP_SYS_ADMIN"]}}


def seccomp_profile(name: str) -> dict:
    return json.loads((SECCOMP_DIR / name).read_text(encoding="utf-8"))


def seccomp_options(service: dict) -> list[str]:
    return [opt.split("=", 1)[1] if "=" in opt else opt.split(":", 1)[1]
            for opt in service.get("security_opt") or [] if opt.startswith("seccomp")]


def unconditionally_allowed(profile: dict) -> set[str]:
    """Syscalls allowed whatever the arguments, capabilities, architecture or kernel."""
    return {name for rule in profile["syscalls"]
            if rule["action"] == "SCMP_ACT_ALLOW"
            and not rule.get("args") and not rule.get("includes") and not rule.get("excludes")
            for name in rule["names"]}


@pytest.mark.parametrize("app", APP_SERVICES)
def test_app_runs_under_the_chromium_seccomp_profile(services, app):
    options = services[app]["security_opt"]
    # Compose reads a relative profile path from the project directory (this file's).
    assert seccomp_options(services[app]) == [SECCOMP_PROFILE]
    assert (ROOT / SECCOMP_PROFILE).is_file()
    # A service's own security_opt replaces the x-leakscout-app list rather than adding to it.
    assert "no-new-privileges:true" in options


def test_only_the_browser_services_get_the_looser_profile(services):
    assert {name for name, svc in services.items() if seccomp_options(svc)} == set(APP_SERVICES)


def test_seccomp_profile_is_in_dockers_format():
    profile = seccomp_profile("chromium.json")
    assert profile["defaultAction"] == "SCMP_ACT_ERRNO"
    assert {"SCMP_ARCH_X86_64", "SCMP_ARCH_AARCH64"} <= {m["architecture"] for m in profile["archMap"]}
    for rule in profile["syscalls"]:
        assert rule["names"] and rule["action"].startswith("SCMP_ACT_"), rule
        assert set(rule) <= {"names", "action", "errnoRet", "args", "comment", "includes", "excludes"}, rule


def test_seccomp_profile_lets_chromium_create_namespaces_without_cap_sys_admin():
    profile = seccomp_profile("chromium.json")
    assert NAMESPACE_SYSCALLS <= unconditionally_allowed(profile)
    for rule in profile["syscalls"]:
        if rule["action"] != "SCMP_ACT_ALLOW":
            assert not NAMESPACE_SYSCALLS & set(rule["names"]), rule


def test_seccomp_profile_is_dockers_default_plus_the_namespace_calls_only():
    upstream, ours = seccomp_profile("moby-default.json"), seccomp_profile("chromium.json")
    assert {k: v for k, v in ours.items() if k != "syscalls"} == {k: v for k, v in upstream.items() if k != "syscalls"}
    added = [rule for rule in ours["syscalls"] if rule not in upstream["syscalls"]]
    removed = [rule for rule in upstream["syscalls"] if rule not in ours["syscalls"]]
    assert [(sorted(rule["names"]), rule["action"]) for rule in added] == [(sorted(NAMESPACE_SYSCALLS), "SCMP_ACT_ALLOW")]
    assert not {"args", "includes", "excludes", "errnoRet"} & set(added[0])
    assert removed == [UPSTREAM_CLONE3_RULE]
    # Every other rule is upstream's, in upstream's order.
    assert [r for r in ours["syscalls"] if r not in added] == [r for r in upstream["syscalls"] if r not in removed]
    assert unconditionally_allowed(ours) == unconditionally_allowed(upstream) | NAMESPACE_SYSCALLS


def test_vendored_upstream_profile_is_unchanged():
    """moby-default.json is the byte-for-byte upstream file whose SHA-256 the README records."""
    digest = hashlib.sha256((SECCOMP_DIR / "moby-default.json").read_bytes()).hexdigest()
    assert digest in (SECCOMP_DIR / "README.md").read_text(encoding="utf-8")
    upstream = seccomp_profile("moby-default.json")
    # Upstream, the namespace calls need CAP_SYS_ADMIN (clone only without namespace flags).
    assert not NAMESPACE_SYSCALLS & unconditionally_allowed(upstream)
    assert UPSTREAM_CLONE3_RULE in upstream["syscalls"]


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


def leakscout_reads() -> set[str]:
    """LEAKSCOUT_* environment variables leakscout reads: config.py's keys, and the names
    read literally (os.environ.get("…"), os.environ["…"], ${…} in the browser wrapper)."""
    from leakscout.core.config import KEYS, SECRET_KEYS

    names = {f"LEAKSCOUT_{key}" for key in KEYS} | {f"LEAKSCOUT_{key}_FILE" for key in SECRET_KEYS}
    for path in [*(ROOT / "leakscout").rglob("*.py"), *(ROOT / "crawlers").rglob("*.py")]:
        names |= set(re.findall(r"""environ(?:\.get)?[(\[]\s*["'](LEAKSCOUT_\w+)["']""", path.read_text(encoding="utf-8")))
    names |= set(re.findall(r"\$\{(LEAKSCOUT_\w+)", (ROOT / "leakscout/data/chromium-sandboxed").read_text()))
    return names


def leakscout_variables_set(compose: dict) -> dict[str, str]:
    """LEAKSCOUT_* variable → where the Dockerfile or the compose file sets it."""
    found = {}
    for instruction, args in dockerfile_instructions(ROOT / "Dockerfile"):
        if instruction == "ENV":
            tokens = shlex.split(args)
            names = [t.split("=", 1)[0] for t in tokens] if "=" in tokens[0] else tokens[:1]
            found.update({name: "Dockerfile" for name in names})
    blocks = {"x-leakscout-app": compose["x-leakscout-app"], **compose["services"]}
    for block_name, block in blocks.items():
        found.update({name: f"docker-compose.yml {block_name}" for name in environment(block)})
    return {name: where for name, where in found.items() if name.startswith("LEAKSCOUT_")}


def test_every_leakscout_variable_the_image_and_stack_set_is_one_leakscout_reads(compose):
    unread = {name: where for name, where in leakscout_variables_set(compose).items()
              if name not in leakscout_reads()}
    assert unread == {}


def test_variable_checks_themselves(compose):
    reads = leakscout_reads()
    assert {"LEAKSCOUT_CHROMIUM", "LEAKSCOUT_BROWSER_SANDBOX", "LEAKSCOUT_SCHEDULE", "LEAKSCOUT_ES_URL",
            "LEAKSCOUT_ES_PASSWORD_FILE"} <= reads
    assert "LEAKSCOUT_CHROMIUM_PATH" not in reads
    assert leakscout_variables_set(compose)["LEAKSCOUT_CHROMIUM"] == "Dockerfile"


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
