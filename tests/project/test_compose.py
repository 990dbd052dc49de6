"""docker-compose.yml runs what exists: commands, modules, settings and environment names.

No Docker engine runs here, so the file is kept honest by checking everything it references.
"""

import re
import shlex
import sys
from importlib import import_module
from pathlib import Path

import pytest
import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
SETTINGS_SOURCE = (ROOT / "openness" / "settings.py").read_text()
SETTINGS_ENV_NAMES = set(re.findall(r'env_(?:str|bool|int|list)\(\s*"([A-Z_]+)"', SETTINGS_SOURCE))
# Names the official postgres image reads.
POSTGRES_IMAGE_ENV = {"POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB"}


def env_example_names() -> set[str]:
    names = set()
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            names.add(line.split("=", 1)[0].strip())
    return names


def command_words(service: dict) -> list[str]:
    command = service["command"]
    if isinstance(command, str):
        return shlex.split(command)
    if command[:2] == ["sh", "-c"]:
        return shlex.split(command[2])
    return list(command)


def split_commands(words: list[str]) -> list[list[str]]:
    commands, current = [], []
    for word in words:
        if word in {"&&", ";"}:
            commands.append(current)
            current = []
        else:
            current.append(word)
    commands.append(current)
    return [c[1:] if c and c[0] == "exec" else c for c in commands if c]


def test_the_stack_has_the_seven_services():
    assert set(SERVICES) == {"postgres", "redis", "cache", "web", "worker", "beat", "proxy"}


def test_only_the_proxy_publishes_ports_and_gunicorn_sits_on_the_stacks_network():
    published = {name for name, service in SERVICES.items() if service.get("ports")}
    assert published == {"proxy"}
    assert {p.split(":")[0] for p in SERVICES["proxy"]["ports"]} == {"80", "443"}
    assert SERVICES["web"]["expose"] == ["8000"]


def test_the_proxy_config_exists_and_reads_only_names_from_the_env_file():
    mounts = [m.split(":") for m in SERVICES["proxy"]["volumes"]]
    caddyfile = next(ROOT / source for source, target, *_ in mounts if target.endswith("Caddyfile"))
    text = caddyfile.read_text()
    assert "reverse_proxy web:8000" in text
    names = set(re.findall(r"\{\$([A-Z_]+)\}", text))
    assert names and names <= env_example_names() & SETTINGS_ENV_NAMES


def test_django_and_gunicorn_trust_forwarded_headers_from_the_stacks_network_only():
    import ipaddress

    trusted = SERVICES["web"]["environment"]["TRUSTED_PROXIES"]
    subnets = [c["subnet"] for c in COMPOSE["networks"]["default"]["ipam"]["config"]]
    assert [ipaddress.ip_network(trusted)] == [ipaddress.ip_network(s) for s in subnets]
    gunicorn = split_commands(command_words(SERVICES["web"]))[-1]
    allowed = gunicorn[gunicorn.index("--forwarded-allow-ips") + 1]
    assert allowed == "$$TRUSTED_PROXIES"  # compose writes one $: the shell reads the variable


def test_the_cache_has_a_redis_of_its_own_with_a_memory_bound_and_the_broker_never_evicts():
    cache = SERVICES["cache"]["command"]
    assert cache[cache.index("--maxmemory") + 1] == "${CACHE_MAXMEMORY}"
    assert cache[cache.index("--maxmemory-policy") + 1] == "allkeys-lru"
    assert re.fullmatch(r"[1-9]\d*(mb|gb)", _example("CACHE_MAXMEMORY"))
    broker = SERVICES["redis"]["command"]
    assert broker[broker.index("--maxmemory-policy") + 1] == "noeviction"
    environment = SERVICES["web"]["environment"]
    assert environment["CACHE_REDIS_URL"].startswith("redis://cache:")
    assert environment["REDIS_URL"].startswith("redis://redis:")


def _example(name: str) -> str:
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.startswith(f"{name}="):
            return line.split("=", 1)[1]
    raise KeyError(name)


def test_app_services_share_one_env_file_and_the_dockerfile():
    for name in ("web", "worker", "beat"):
        service = SERVICES[name]
        assert service["env_file"] == ".env"
        assert service["build"] == "."
    assert SERVICES["postgres"]["env_file"] == ".env"
    assert (ROOT / "Dockerfile").is_file()
    assert (ROOT / ".env.example").is_file()


def test_web_migrates_before_gunicorn_starts():
    commands = split_commands(command_words(SERVICES["web"]))
    programs = [c[:3] for c in commands]
    assert programs[0] == ["python", "manage.py", "migrate"]
    assert commands[-1][0] == "gunicorn"


@pytest.mark.parametrize("name", ["web", "worker", "beat"])
def test_every_command_a_service_runs_exists(name):
    installed = Path(sys.executable).parent
    for command in split_commands(command_words(SERVICES[name])):
        program = command[0]
        if program == "python":
            assert command[1] == "manage.py"
            assert command[2] in get_commands(), f"no manage.py command {command[2]!r}"
        elif program == "gunicorn":
            module, _, attribute = command[1].partition(":")
            assert callable(getattr(import_module(module), attribute))
            assert (installed / "gunicorn").exists()
        elif program == "celery":
            assert command[1:3] == ["-A", "openness"]
            assert import_module("openness").celery_app.main == "openness"
            assert command[3] in {"worker", "beat"}
            assert (installed / "celery").exists()
        else:
            pytest.fail(f"{name} runs an unexpected program {program!r}")


def test_the_dockerfile_default_command_serves_the_wsgi_app():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert 'CMD ["gunicorn", "openness.wsgi:application"' in dockerfile
    assert "uv sync --locked --no-dev" in dockerfile


def compose_interpolated_names() -> set[str]:
    return set(re.findall(r"(?<!\$)\$\{([A-Z_]+)\}", (ROOT / "docker-compose.yml").read_text()))


def test_every_environment_name_is_one_the_settings_or_images_read():
    names = env_example_names()
    for service in ("web", "worker", "beat"):
        names |= set(SERVICES[service].get("environment", {}))
    unknown = names - SETTINGS_ENV_NAMES - POSTGRES_IMAGE_ENV - compose_interpolated_names()
    assert not unknown, f"env names nothing reads: {sorted(unknown)}"


def test_every_setting_production_requires_is_provided():
    provided = env_example_names() | set(SERVICES["web"].get("environment", {}))
    for required in ("OPENNESS_ENV", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"):
        assert required in provided


def test_compose_interpolates_only_names_from_the_env_file():
    assert compose_interpolated_names() <= env_example_names()


@pytest.mark.django_db
def test_the_postgres_server_settings_exist_and_their_example_values_fit():
    from django.db import connection

    command = SERVICES["postgres"]["command"]
    assert command[0] == "postgres"
    assert set(command[1::2]) == {"-c"}
    examples = dict(
        line.split("=", 1)
        for line in (ROOT / ".env.example").read_text().splitlines()
        if "=" in line and not line.startswith("#")
    )
    for pair in command[2::2]:
        name, value = pair.split("=", 1)
        value = re.sub(r"\$\{([A-Z_]+)\}", lambda m: examples[m.group(1)], value)
        with connection.cursor() as cursor:
            cursor.execute("SELECT unit FROM pg_settings WHERE name = %s", [name])
            row = cursor.fetchone()
        assert row is not None, f"PostgreSQL has no setting {name!r}"
        if row[0] in ("8kB", "kB", "MB"):  # a memory size: a number and a unit it accepts
            assert re.fullmatch(r"[1-9]\d*(kB|MB|GB|TB)", value), (name, value)


def test_every_named_volume_a_service_mounts_is_declared():
    declared = set(COMPOSE["volumes"])
    for name, service in SERVICES.items():
        for mount in service.get("volumes", []):
            source = mount.split(":", 1)[0]
            if not source.startswith(("/", ".")):
                assert source in declared, f"{name} mounts an undeclared volume {source!r}"


def test_writable_state_lives_where_the_image_lets_its_user_write():
    dockerfile = (ROOT / "Dockerfile").read_text()
    for name in ("web", "worker", "beat"):
        for mount in SERVICES[name].get("volumes", []):
            target = mount.split(":", 2)[1]
            assert target.startswith("/var/lib/openness/"), target
            assert target in dockerfile
