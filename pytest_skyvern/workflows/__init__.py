"""Workflows: definitions as data (YAML/JSON), sandboxed Jinja, a block runner, the
SQLite store and the client's workflow methods, and the YAML test collector."""
