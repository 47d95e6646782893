"""Local mode: the SDK's client methods run on this machine (the agent in-process,
browsers launched here, state in embedded stores).

``LocalBackend`` holds them all; ``Skyvern.local()`` delegates to it. It mirrors
``pytest_skyvern.cloud``: ``runs`` (tasks), ``sessions``, ``profiles``, ``credentials``
and ``downloads``; the workflows API comes from ``pytest_skyvern.workflows.api``;
``cloudonly`` answers the SDK methods it has no implementation of yet. ``inpage`` runs
``page.agent``'s tasks for the client's engine.
Behind the credentials: ``credential_store`` (encrypted at rest), ``totp`` (one-time
codes) and ``login`` (logging in with a stored credential, typing placeholders only).
"""

from __future__ import annotations
