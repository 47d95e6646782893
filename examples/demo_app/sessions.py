"""In-memory login sessions keyed by a random cookie token."""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass

COOKIE_NAME = "demo_session"


@dataclass(frozen=True)
class Session:
    """A login; ``pending_totp`` means the password was right but the code is still due."""

    email: str
    pending_totp: bool
    next_path: str
    remember: bool


class SessionStore:
    """Thread-safe token -> Session map (the server answers on many threads)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sessions: dict[str, Session] = {}

    def create(self, session: Session) -> str:
        """Store a session and return its new unguessable token."""
        token = secrets.token_urlsafe(32)
        with self._lock:
            self._sessions[token] = session
        return token

    def get(self, token: str | None) -> Session | None:
        """The session for a token, if any."""
        if token is None:
            return None
        with self._lock:
            return self._sessions.get(token)

    def delete(self, token: str | None) -> None:
        """End a session; unknown tokens are ignored."""
        if token is None:
            return
        with self._lock:
            self._sessions.pop(token, None)

    def clear(self) -> None:
        """Forget every session."""
        with self._lock:
            self._sessions.clear()
