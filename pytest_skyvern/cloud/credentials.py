"""Credentials and TOTP codes over REST. Secrets go up; only their labels come back."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pytest_skyvern.cloud.base import APIArea, body
from pytest_skyvern.sdk.models import CredentialResponse, RequestOptions, TotpCode


class CredentialsAPI(APIArea):
    """Stored credentials and pushed 2FA codes."""

    async def create_credential(
        self,
        name: str,
        credential_type: Any,
        credential: dict[str, Any],
        *,
        request_options: RequestOptions | None = None,
    ) -> CredentialResponse:
        """Store a credential, e.g. ``{"username": ..., "password": ...}`` for a password."""
        data = await self._call("POST", "/v1/credentials", json_body={
            "name": name,
            "credential_type": getattr(credential_type, "value", credential_type),
            "credential": credential,
        }, request_options=request_options)
        return CredentialResponse.model_validate(data)

    async def get_credentials(
        self, page: int | None = None, page_size: int | None = None, *,
        request_options: RequestOptions | None = None,
    ) -> list[CredentialResponse]:
        data = await self._call("GET", "/v1/credentials",
                                params={"page": page, "page_size": page_size},
                                request_options=request_options)
        return [CredentialResponse.model_validate(item) for item in data or []]

    async def get_credential(
        self, credential_id: str, *, request_options: RequestOptions | None = None
    ) -> CredentialResponse:
        return CredentialResponse.model_validate(await self._call(
            "GET", f"/v1/credentials/{credential_id}", request_options=request_options))

    async def delete_credential(
        self, credential_id: str, *, request_options: RequestOptions | None = None
    ) -> None:
        await self._call("POST", f"/v1/credentials/{credential_id}/delete",
                         request_options=request_options)

    async def send_totp_code(
        self,
        totp_identifier: str,
        content: str,
        task_id: str | None = None,
        workflow_id: str | None = None,
        workflow_run_id: str | None = None,
        source: str | None = None,
        expired_at: datetime | None = None,
        *,
        request_options: RequestOptions | None = None,
    ) -> TotpCode:
        """Push a 2FA code to a run that waits for one under ``totp_identifier``."""
        data = await self._call("POST", "/v1/credentials/totp", json_body=body(
            totp_identifier=totp_identifier, content=content, task_id=task_id,
            workflow_id=workflow_id, workflow_run_id=workflow_run_id, source=source,
            expired_at=expired_at.isoformat() if expired_at else None,
        ), request_options=request_options)
        return TotpCode.model_validate(data)
