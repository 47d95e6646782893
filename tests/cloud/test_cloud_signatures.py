"""``CloudBackend`` keeps the SDK's call surface: method names, parameters, defaults."""

from __future__ import annotations

import inspect

import pytest

from pytest_skyvern.cloud import CloudBackend

_ = inspect.Parameter.empty
#: Positional-or-keyword parameters of each SDK method, in order, with their defaults
#: (from the SDK's complete reference); ``request_options`` comes after, keyword-only.
SDK: dict[str, list[tuple[str, object]]] = {
    "run_task": [("prompt", _), ("url", None), ("engine", "skyvern_v2"),
                 ("wait_for_completion", False), ("timeout", 1800), ("max_steps", None),
                 ("data_extraction_schema", None), ("browser_session_id", None),
                 ("publish_workflow", False), ("proxy_location", None), ("webhook_url", None),
                 ("error_code_mapping", None), ("totp_identifier", None), ("totp_url", None),
                 ("title", None), ("user_agent", None), ("extra_http_headers", None),
                 ("browser_address", None)],
    "get_run": [("run_id", _)],
    "cancel_run": [("run_id", _)],
    "get_run_timeline": [("run_id", _)],
    "get_run_artifacts": [("run_id", _), ("artifact_type", None)],
    "get_artifact": [("artifact_id", _)],
    "retry_run_webhook": [("run_id", _)],
    "run_workflow": [("workflow_id", _), ("parameters", None), ("wait_for_completion", False),
                     ("timeout", 1800), ("run_with", None), ("ai_fallback", None),
                     ("browser_session_id", None), ("browser_profile_id", None),
                     ("proxy_location", None), ("max_steps_override", None),
                     ("webhook_url", None), ("title", None), ("template", None),
                     ("totp_identifier", None), ("totp_url", None), ("user_agent", None),
                     ("extra_http_headers", None), ("browser_address", None)],
    "create_workflow": [("json_definition", None), ("yaml_definition", None),
                        ("folder_id", None)],
    "get_workflows": [("page", None), ("page_size", None), ("only_saved_tasks", None),
                      ("only_workflows", None), ("title", None), ("search_key", None),
                      ("folder_id", None), ("status", None)],
    "get_workflow": [("workflow_permanent_id", _), ("version", None), ("template", None)],
    "get_workflow_versions": [("workflow_permanent_id", _), ("template", None)],
    "update_workflow": [("workflow_id", _), ("json_definition", None),
                        ("yaml_definition", None)],
    "delete_workflow": [("workflow_id", _)],
    "create_browser_session": [("timeout", 60), ("proxy_location", None),
                               ("extensions", None), ("browser_type", None)],
    "get_browser_session": [("browser_session_id", _)],
    "get_browser_sessions": [],
    "close_browser_session": [("browser_session_id", _)],
    "create_browser_profile": [("name", _), ("description", None), ("workflow_run_id", None),
                               ("browser_session_id", None)],
    "list_browser_profiles": [("include_deleted", None)],
    "get_browser_profile": [("profile_id", _)],
    "delete_browser_profile": [("profile_id", _)],
    "create_credential": [("name", _), ("credential_type", _), ("credential", _)],
    "get_credentials": [("page", None), ("page_size", None)],
    "get_credential": [("credential_id", _)],
    "delete_credential": [("credential_id", _)],
    "send_totp_code": [("totp_identifier", _), ("content", _), ("task_id", None),
                       ("workflow_id", None), ("workflow_run_id", None), ("source", None),
                       ("expired_at", None)],
    "login": [("credential_type", _), ("url", None), ("credential_id", None), ("prompt", None),
              ("browser_session_id", None), ("wait_for_completion", False), ("timeout", 1800)],
    "download_files": [("navigation_goal", _), ("url", None), ("browser_session_id", None),
                       ("browser_profile_id", None), ("download_suffix", None),
                       ("download_timeout", None), ("max_steps_per_run", None)],
    "upload_file": [("file", _)],
    "connect_to_cloud_browser_session": [("browser_session_id", _)],
    "launch_cloud_browser": [("timeout", None), ("proxy_location", None)],
    "use_cloud_browser": [("timeout", None), ("proxy_location", None)],
}


@pytest.mark.parametrize("name", sorted(SDK))
def test_method_has_the_sdk_signature(name: str) -> None:
    method = getattr(CloudBackend, name)
    assert inspect.iscoroutinefunction(method)
    params = list(inspect.signature(method).parameters.values())[1:]
    positional = [(p.name, p.default) for p in params
                  if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD]
    assert positional == SDK[name]


def test_login_takes_every_vault_by_keyword() -> None:
    params = inspect.signature(CloudBackend.login).parameters
    for vault_param in ("bitwarden_collection_id", "bitwarden_item_id", "onepassword_vault_id",
                        "onepassword_item_id", "azure_vault_name", "azure_vault_username_key",
                        "azure_vault_password_key", "azure_vault_totp_secret_key"):
        assert params[vault_param].kind is inspect.Parameter.KEYWORD_ONLY
