"""Local credentials, pushed TOTP codes and ``login``; part of ``LocalSessionsMixin``."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import TYPE_CHECKING, Any

from pytest_skyvern.errors import BadRequestError, SkyvernError
from pytest_skyvern.local.credential_store import CredentialStore, StoredCredential
from pytest_skyvern.local.login import login_on_page, require_skyvern_type, totp_source_for
from pytest_skyvern.local.runs import LocalRuns
from pytest_skyvern.local.totp import pushed_codes
from pytest_skyvern.sdk.models import (
    CredentialInfo,
    CredentialResponse,
    RequestOptions,
    TotpCode,
)
from pytest_skyvern.sdk.runs import WorkflowRunResponse, now

if TYPE_CHECKING:
    from pytest_skyvern.browser.page import SkyvernBrowserPage
    from pytest_skyvern.local.host import LocalHost

    _Base = LocalRuns
else:
    _Base = object

_CREDENTIAL_TYPES = ("password", "credit_card", "secret")


def credential_response(stored: StoredCredential) -> CredentialResponse:
    """What may be shown of a credential: never the password, card number or secret."""
    secret = stored.secret
    info = CredentialInfo(
        username=secret.get("username"), totp_identifier=secret.get("totp_identifier"),
        has_totp=bool(secret.get("totp")) if stored.credential_type == "password" else None,
        totp_type="authenticator" if secret.get("totp") else None,
        last_four=str(secret["card_number"])[-4:] if secret.get("card_number") else None,
        brand=secret.get("card_brand"), secret_label=secret.get("secret_label"),
    )
    return CredentialResponse(
        credential_id=stored.credential_id, name=stored.name,
        credential_type=stored.credential_type, credential=info, vault_type="skyvern",
        created_at=stored.created_at)


class LocalCredentialsPart(_Base):
    """``create_credential`` & co, ``send_totp_code`` and ``login`` in local mode."""

    _host: LocalHost

    def _credential_store(self) -> CredentialStore:
        store: CredentialStore | None = getattr(self, "_credentials_store", None)
        if store is None:
            store = CredentialStore()
            self._credentials_store = store
        return store

    async def create_credential(self, name: str, credential_type: Any,
                                credential: dict[str, Any], *,
                                request_options: RequestOptions | None = None
                                ) -> CredentialResponse:
        """Store a credential encrypted; the response holds no secret."""
        del request_options
        kind = str(getattr(credential_type, "value", credential_type))
        if kind not in _CREDENTIAL_TYPES:
            raise BadRequestError({"detail": f"credential_type {kind!r} is not one of "
                                             f"{', '.join(_CREDENTIAL_TYPES)}"})
        if kind == "password" and not {"username", "password"} <= set(credential):
            raise BadRequestError({"detail": "a password credential needs 'username' and "
                                             "'password'"})
        stored = await asyncio.to_thread(self._credential_store().add, name, kind, credential)
        return credential_response(stored)

    async def get_credentials(self, page: int | None = None, page_size: int | None = None,
                              *, request_options: RequestOptions | None = None
                              ) -> list[CredentialResponse]:
        del request_options
        size = page_size or 10
        offset = ((page or 1) - 1) * size if page_size or page else 0
        limit = size if page_size or page else -1
        stored = await asyncio.to_thread(self._credential_store().list, offset, limit)
        return [credential_response(s) for s in stored]

    async def get_credential(self, credential_id: str, *,
                             request_options: RequestOptions | None = None
                             ) -> CredentialResponse:
        del request_options
        return credential_response(
            await asyncio.to_thread(self._credential_store().get, credential_id))

    async def delete_credential(self, credential_id: str, *,
                                request_options: RequestOptions | None = None) -> None:
        del request_options
        await asyncio.to_thread(self._credential_store().delete, credential_id)

    async def send_totp_code(
        self, totp_identifier: str, content: str, task_id: str | None = None,
        workflow_id: str | None = None, workflow_run_id: str | None = None,
        source: str | None = None, expired_at: datetime | None = None, *,
        request_options: RequestOptions | None = None,
    ) -> TotpCode:
        """Hand a one-time code to a login waiting under ``totp_identifier``."""
        del request_options
        return pushed_codes().push(
            totp_identifier, content, task_id=task_id, workflow_id=workflow_id,
            workflow_run_id=workflow_run_id, source=source, expired_at=expired_at)

    async def login(
        self,
        credential_type: Any = "skyvern",
        url: str | None = None,
        credential_id: str | None = None,
        prompt: str | None = None,
        browser_session_id: str | None = None,
        wait_for_completion: bool = False,
        timeout: float = 1800,  # noqa: ASYNC109 - the SDK's parameter name
        *,
        bitwarden_collection_id: str | None = None,
        bitwarden_item_id: str | None = None,
        onepassword_vault_id: str | None = None,
        onepassword_item_id: str | None = None,
        azure_vault_name: str | None = None,
        azure_vault_username_key: str | None = None,
        azure_vault_password_key: str | None = None,
        azure_vault_totp_secret_key: str | None = None,
        webhook_url: str | None = None,
        proxy_location: Any = None,
        totp_identifier: str | None = None,
        totp_url: str | None = None,
        browser_address: str | None = None,
        extra_http_headers: dict[str, str] | None = None,
        request_options: RequestOptions | None = None,
        totp_timeout: float | None = None,
    ) -> WorkflowRunResponse:
        """Log into ``url`` with a stored credential (``credential_type="skyvern"``).

        In a session (``browser_session_id``) the login stays for later runs; without
        one it happens in a throw-away page. ``totp_timeout`` (seconds, local only)
        bounds the wait for a pushed code.
        """
        # Vaults are refused by require_skyvern_type; the rest has no local effect.
        del bitwarden_collection_id, bitwarden_item_id, onepassword_vault_id
        del onepassword_item_id, azure_vault_name, azure_vault_username_key
        del azure_vault_password_key, azure_vault_totp_secret_key, webhook_url
        del proxy_location, browser_address, extra_http_headers, request_options
        require_skyvern_type(credential_type)
        if not credential_id:
            raise BadRequestError({"detail": "login(credential_type='skyvern') needs "
                                             "credential_id="})
        stored = await asyncio.to_thread(self._credential_store().get, credential_id)
        totp = totp_source_for(stored, totp_identifier, totp_url, totp_timeout)
        run = WorkflowRunResponse.model_validate({
            "status": "queued", "run_with": "agent", "browser_session_id": browser_session_id})
        self._runs[run.run_id] = run
        page = await self._login_page(browser_session_id)

        async def execute() -> WorkflowRunResponse:
            run.status = "running"
            try:
                async with asyncio.timeout(timeout):
                    await login_on_page(self._host.engine, page, stored, url=url,
                                        prompt=prompt, totp=totp)
                run.status = "completed"
            except TimeoutError as exc:
                run.status = "timed_out" if not isinstance(exc, SkyvernError) else "failed"
                run.failure_reason = str(exc) or f"The login did not finish within {timeout} s."
            except Exception as exc:  # a Playwright error too: the run ends with a status
                run.status, run.failure_reason = "failed", str(exc)
            finally:
                run.finished_at = run.modified_at = now()
                if browser_session_id is None:
                    await page.close()
            return run

        if wait_for_completion:
            await execute()
        else:
            self._tasks[run.run_id] = asyncio.create_task(execute())  # type: ignore[assignment,unused-ignore]
        return run.model_copy(deep=True)

    async def _login_page(self, browser_session_id: str | None) -> SkyvernBrowserPage:
        if browser_session_id is not None:
            return await self.session_page(browser_session_id)
        return await self._task_page()

    async def session_page(self, browser_session_id: str) -> SkyvernBrowserPage:
        raise NotImplementedError  # provided by LocalSessionsPart (same class in the end)
