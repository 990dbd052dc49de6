"""Shared fixtures. Tests run on PostgreSQL: the server DATABASE_URL names, or the embedded one."""
