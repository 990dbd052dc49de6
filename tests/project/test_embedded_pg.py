"""The embedded default: a PostgreSQL server in a data folder, with the contrib extensions."""

import psycopg

from openness.lib import embedded_pg


def test_the_embedded_server_starts_creates_the_database_and_stops(tmp_path):
    base = tmp_path / "checkout"
    base.mkdir()
    try:
        settings = embedded_pg.database_settings(base)
        again = embedded_pg.database_settings(base)  # a second command reuses the running server

        assert again == settings
        assert settings["NAME"] == "openness"
        assert (base / ".data" / "postgres" / "PG_VERSION").exists()
        with psycopg.connect(
            host=settings["HOST"], port=settings["PORT"], user="postgres", dbname="openness"
        ) as conn:
            conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            similarity = conn.execute("SELECT similarity('olmo', 'olmo 2')").fetchone()[0]
            assert similarity > 0.3
    finally:
        assert embedded_pg.stop(base) is True
    assert embedded_pg.stop(base) is False
