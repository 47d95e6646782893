"""The seed's SDK calls made with the official ``skyvern`` client; prints what came back.

Run by ``test_official_client.py`` with the Python of the Skyvern server's venv (where
the official client is installed), once against each back end::

    python official_client_calls.py BASE_URL API_KEY PAGE_URL

Prints one JSON object of facts that do not depend on ids or times, so the answers of
two servers can be compared as they are.
"""

from __future__ import annotations

import asyncio
import json
import sys
import uuid
from typing import Any


async def calls(base_url: str, api_key: str, page_url: str) -> dict[str, Any]:
    from skyvern import Skyvern
    from skyvern.client.core import ApiError
    from skyvern.client.errors import ForbiddenError, NotFoundError

    facts: dict[str, Any] = {}
    client = Skyvern(api_key=api_key, base_url=base_url)

    async def error_of(call: Any) -> list[Any]:
        try:
            await call
        except ApiError as exc:
            return [type(exc).__name__, exc.status_code]
        return ["no error"]

    # Errors map to the SDK's classes.
    facts["unknown run"] = await error_of(client.get_run("tsk_404"))
    facts["unknown workflow"] = await error_of(client.get_workflow("wpid_404"))
    facts["unknown session"] = await error_of(client.get_browser_session("pbs_404"))
    facts["unknown credential"] = await error_of(client.get_credential("cred_404"))
    bad = Skyvern(api_key="not-a-key", base_url=base_url)
    facts["bad key"] = await error_of(bad.get_workflows())
    facts["error classes"] = [NotFoundError.__name__, ForbiddenError.__name__]

    # Workflows: create, read, list, version, update, delete.
    title = f"official-{uuid.uuid4().hex[:8]}"
    definition = {"title": title, "workflow_definition": {"parameters": [], "blocks": [
        {"block_type": "task", "label": "greet", "navigation_goal": "Read the greeting",
         "url": page_url}]}}
    created = await client.create_workflow(json_definition=definition)
    facts["workflow"] = [created.workflow_permanent_id.startswith("wpid_"), created.version,
                         created.title]
    fetched = await client.get_workflow(created.workflow_permanent_id)
    facts["workflow fetched"] = [fetched.workflow_id == created.workflow_id,
                                 [b.label for b in fetched.workflow_definition.blocks]]
    listed = await client.get_workflows(title=title)
    facts["workflow listed"] = [w.workflow_permanent_id == created.workflow_permanent_id
                                for w in listed]
    updated = await client.update_workflow(created.workflow_permanent_id,
                                           json_definition={**definition, "title": title + "2"})
    versions = await client.get_workflow_versions(created.workflow_permanent_id)
    facts["workflow versions"] = [updated.version, sorted(v.version for v in versions)]
    run = await client.run_workflow(created.workflow_permanent_id, wait_for_completion=True,
                                    timeout=180)
    facts["workflow run"] = [run.run_id.startswith("wr_"), run.status]
    await client.delete_workflow(created.workflow_permanent_id)
    facts["workflow deleted"] = await error_of(client.get_workflow(created.workflow_permanent_id))

    # A task run, waited for.
    task = await client.run_task(prompt="Read the greeting", url=page_url,
                                 wait_for_completion=True, timeout=180)
    facts["task run"] = [task.run_id.startswith("tsk_"), task.status, task.run_type]
    again = await client.get_run(task.run_id)
    facts["task fetched"] = [again.status, again.run_request.prompt]

    # Browser sessions.
    session = await client.create_browser_session(timeout=10)
    facts["session"] = [session.browser_session_id.startswith("pbs_"), session.timeout]
    facts["session listed"] = session.browser_session_id in {
        s.browser_session_id for s in await client.get_browser_sessions()}
    await client.close_browser_session(session.browser_session_id)
    closed = await client.get_browser_session(session.browser_session_id)
    facts["session closed"] = closed.status

    # Credentials and TOTP codes.
    secret = f"pw-{uuid.uuid4().hex}"
    credential = await client.create_credential(
        name="official login", credential_type="password",
        credential={"username": "ada@example.com", "password": secret})
    fetched_credential = await client.get_credential(credential.credential_id)
    facts["credential"] = [credential.credential_id.startswith("cred_"),
                           fetched_credential.credential.username,
                           secret not in fetched_credential.json()]
    facts["credential listed"] = credential.credential_id in {
        c.credential_id for c in await client.get_credentials(page_size=100)}
    await client.delete_credential(credential.credential_id)
    facts["credential deleted"] = await error_of(client.get_credential(credential.credential_id))
    code = await client.send_totp_code(totp_identifier="ada@example.com", content="123456")
    facts["totp"] = [code.totp_code_id.startswith("totp_"), code.content]

    # Browser profiles.
    profile = await client.create_browser_profile(name=f"official-{uuid.uuid4().hex[:8]}")
    facts["profile"] = [profile.browser_profile_id.startswith("bp_"),
                        (await client.get_browser_profile(profile.browser_profile_id)).name
                        == profile.name]
    await client.delete_browser_profile(profile.browser_profile_id)
    facts["profile deleted"] = await error_of(
        client.get_browser_profile(profile.browser_profile_id))
    return facts


if __name__ == "__main__":
    print(json.dumps(asyncio.run(calls(*sys.argv[1:4]))))
