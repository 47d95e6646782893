"""Browser sessions, browser profiles, credentials and TOTP codes."""

from __future__ import annotations

import httpx
from starlette.requests import Request

from pytest_skyvern.errors import (
    BadRequestError,
    ConflictError,
    NotFoundError,
    UnprocessableEntityError,
)
from pytest_skyvern.serve import wire
from pytest_skyvern.serve.requests import (
    BrowserProfileRequest,
    BrowserSessionRequest,
    CredentialRequest,
    TotpCodeRequest,
    parse_body,
)
from pytest_skyvern.serve.state import Answer, ServeState


async def _socket_address(state: ServeState, cdp_url: str | None) -> str | None:
    """A session's CDP websocket URL (a Skyvern server gives ``ws://``; local: ``http://``)."""
    if not cdp_url or cdp_url.startswith("ws"):
        return cdp_url
    if cdp_url not in state.cdp_sockets:
        try:
            async with httpx.AsyncClient(timeout=5) as http:
                version = (await http.get(f"{cdp_url}/json/version")).json()
            state.cdp_sockets[cdp_url] = str(version["webSocketDebuggerUrl"])
        except (httpx.HTTPError, KeyError, ValueError):
            return cdp_url
    return state.cdp_sockets[cdp_url]


def _session_id(request: Request) -> str:
    return str(request.path_params["browser_session_id"])


def _session_missing(session_id: str) -> NotFoundError:
    return NotFoundError({"detail": f"Browser session {session_id} not found"})


async def _session_answer(state: ServeState, session_id: str) -> Answer:
    try:
        session = await state.skyvern.get_browser_session(session_id)
    except NotFoundError:
        raise _session_missing(session_id) from None
    address = await _socket_address(state, session.browser_address)
    return 200, wire.session_body(session, address, state.base_url)


async def create_browser_session(request: Request, state: ServeState) -> Answer:
    body = await parse_body(request, BrowserSessionRequest)
    created = await state.skyvern.create_browser_session(timeout=body.timeout)
    return await _session_answer(state, created.browser_session_id)


async def get_browser_session(request: Request, state: ServeState) -> Answer:
    return await _session_answer(state, _session_id(request))


async def get_browser_sessions(request: Request, state: ServeState) -> Answer:
    sessions = await state.skyvern.get_browser_sessions()
    return 200, [wire.session_body(s, await _socket_address(state, s.browser_address),
                                   state.base_url) for s in sessions]


async def close_browser_session(request: Request, state: ServeState) -> Answer:
    session_id = _session_id(request)
    try:
        await state.skyvern.close_browser_session(session_id)
    except NotFoundError:
        raise _session_missing(session_id) from None
    return 200, {"message": "Browser session closed"}


# ----------------------------------------------------------------------------- profiles
def _profile_missing(profile_id: str) -> NotFoundError:
    return NotFoundError({"detail": f"Browser profile {profile_id} not found for "
                                    f"organization {wire.ORGANIZATION_ID}"})


async def create_browser_profile(request: Request, state: ServeState) -> Answer:
    body = await parse_body(request, BrowserProfileRequest)
    if body.name in {p.name for p in await state.skyvern.list_browser_profiles()}:
        raise ConflictError({"detail": f"A browser profile named '{body.name}' already "
                                       "exists. Use a different name or delete the existing "
                                       "profile."})
    profile = await state.skyvern.create_browser_profile(
        body.name, description=body.description, workflow_run_id=body.workflow_run_id,
        browser_session_id=body.browser_session_id)
    return 200, wire.profile_body(profile)


async def list_browser_profiles(request: Request, state: ServeState) -> Answer:
    deleted = request.query_params.get("include_deleted", "").lower() in ("true", "1")
    profiles = await state.skyvern.list_browser_profiles(include_deleted=deleted)
    return 200, [wire.profile_body(p) for p in profiles]


async def get_browser_profile(request: Request, state: ServeState) -> Answer:
    profile_id = str(request.path_params["profile_id"])
    try:
        return 200, wire.profile_body(await state.skyvern.get_browser_profile(profile_id))
    except NotFoundError:
        raise _profile_missing(profile_id) from None


async def delete_browser_profile(request: Request, state: ServeState) -> Answer:
    profile_id = str(request.path_params["profile_id"])
    try:
        await state.skyvern.delete_browser_profile(profile_id)
    except NotFoundError:
        raise _profile_missing(profile_id) from None
    return 204, None


# ----------------------------------------------------------------------------- credentials
async def create_credential(request: Request, state: ServeState) -> Answer:
    body = await parse_body(request, CredentialRequest)
    try:
        created = await state.skyvern.create_credential(
            name=body.name, credential_type=body.credential_type, credential=body.credential)
    except BadRequestError as exc:  # a server checks the credential's shape: a 422
        raise UnprocessableEntityError({"detail": [{
            "loc": ["body", "credential"], "msg": str(exc.body.get("detail", exc.body)),
            "type": "value_error"}]}) from None
    return 201, wire.credential_body(created)


async def get_credentials(request: Request, state: ServeState) -> Answer:
    query = request.query_params
    found = await state.skyvern.get_credentials(
        page=int(query.get("page", 1)), page_size=int(query.get("page_size", 10)))
    return 200, [wire.credential_body(c) for c in found]


async def get_credential(request: Request, state: ServeState) -> Answer:
    try:
        found = await state.skyvern.get_credential(str(request.path_params["credential_id"]))
    except NotFoundError:
        raise NotFoundError({"detail": "Credential not found"}) from None
    return 200, wire.credential_body(found)


async def delete_credential(request: Request, state: ServeState) -> Answer:
    credential_id = str(request.path_params["credential_id"])
    try:
        await state.skyvern.delete_credential(credential_id)
    except NotFoundError:
        raise NotFoundError({"detail": "Credential not found, "
                                       f"credential_id={credential_id}"}) from None
    return 204, None


async def send_totp_code(request: Request, state: ServeState) -> Answer:
    body = await parse_body(request, TotpCodeRequest)
    code = await state.skyvern.send_totp_code(
        totp_identifier=body.totp_identifier, content=body.content, task_id=body.task_id,
        workflow_id=body.workflow_id, workflow_run_id=body.workflow_run_id,
        source=body.source, expired_at=body.expired_at)
    return 200, wire.totp_body(code)


ROUTES = [
    ("POST", "/v1/browser_sessions", create_browser_session),
    ("GET", "/v1/browser_sessions", get_browser_sessions),
    ("GET", "/v1/browser_sessions/{browser_session_id}", get_browser_session),
    ("POST", "/v1/browser_sessions/{browser_session_id}/close", close_browser_session),
    ("POST", "/v1/browser_profiles", create_browser_profile),
    ("GET", "/v1/browser_profiles", list_browser_profiles),
    ("GET", "/v1/browser_profiles/{profile_id}", get_browser_profile),
    ("DELETE", "/v1/browser_profiles/{profile_id}", delete_browser_profile),
    ("POST", "/v1/credentials/totp", send_totp_code),
    ("POST", "/v1/credentials", create_credential),
    ("GET", "/v1/credentials", get_credentials),
    ("GET", "/v1/credentials/{credential_id}", get_credential),
    ("POST", "/v1/credentials/{credential_id}/delete", delete_credential),
]
