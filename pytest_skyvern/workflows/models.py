"""Workflow definitions as data: Skyvern's YAML/JSON shape, with Skyvern's field names.

A file holds ``title``, ``workflow_definition`` (``parameters`` and ``blocks``) and,
for pytest, an optional ``tests`` list. Models forbid unknown fields so a typo
(``navigation_gaol``) is an error that points at its line instead of a field silently
ignored; the Skyvern fields that have no local effect are accepted and listed here.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

BLOCK_TYPES: tuple[str, ...] = (
    "task", "navigation", "action", "extraction", "validation", "login", "wait",
    "for_loop", "goto_url", "text_prompt", "file_download",
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class WorkflowParameter(BaseModel):
    """A parameter of the workflow. Only ``parameter_type: workflow`` takes input;
    Skyvern's other kinds (credentials, secrets, outputs) are kept as given."""

    model_config = ConfigDict(extra="allow")

    key: str
    parameter_type: str = "workflow"
    workflow_parameter_type: Literal[
        "string", "integer", "float", "boolean", "json", "file_url", "credential_id"
    ] = "string"
    description: str | None = None
    default_value: Any = None


class _Block(_Strict):
    label: str = Field(min_length=1)
    continue_on_failure: bool = False
    model: dict[str, Any] | None = None
    next_block_label: str | None = None


class _TaskLike(_Block):
    """The fields of Skyvern's task family (task, navigation, action, extraction, login,
    file_download)."""

    url: str | None = None
    title: str | None = None
    prompt: str | None = None
    navigation_goal: str | None = None
    data_extraction_goal: str | None = None
    data_schema: dict[str, Any] | list[Any] | str | None = None
    error_code_mapping: dict[str, str] | None = None
    max_retries: int = 0
    max_steps_per_run: int | None = Field(default=None, ge=1)
    parameter_keys: list[str] = Field(default_factory=list)
    complete_criterion: str | None = None
    terminate_criterion: str | None = None
    engine: str | None = None
    # Accepted for compatibility with Skyvern definitions; no local effect.
    complete_on_download: bool = False
    download_suffix: str | None = None
    totp_verification_url: str | None = None
    totp_identifier: str | None = None
    cache_actions: bool | None = None
    disable_cache: bool | None = None
    complete_verification: bool | None = None
    include_action_history_in_verification: bool | None = None

    @property
    def goal(self) -> str | None:
        return self.prompt or self.navigation_goal


class TaskBlock(_TaskLike):
    block_type: Literal["task"]

    @model_validator(mode="after")
    def _has_something_to_do(self) -> TaskBlock:
        if not (self.goal or self.data_extraction_goal or self.url):
            raise ValueError("a task block needs a prompt / navigation_goal, a "
                             "data_extraction_goal or a url")
        return self


class NavigationBlock(_TaskLike):
    block_type: Literal["navigation"]

    @model_validator(mode="after")
    def _has_goal(self) -> NavigationBlock:
        if not self.goal:
            raise ValueError("a navigation block needs a navigation_goal")
        return self


class ActionBlock(_TaskLike):
    block_type: Literal["action"]

    @model_validator(mode="after")
    def _has_goal(self) -> ActionBlock:
        if not self.goal:
            raise ValueError("an action block needs a navigation_goal (the action to take)")
        return self


class ExtractionBlock(_TaskLike):
    block_type: Literal["extraction"]

    @model_validator(mode="after")
    def _has_goal(self) -> ExtractionBlock:
        if not self.data_extraction_goal:
            raise ValueError("an extraction block needs a data_extraction_goal")
        return self


class LoginBlock(_TaskLike):
    block_type: Literal["login"]


class FileDownloadBlock(_TaskLike):
    block_type: Literal["file_download"]


class ValidationBlock(_Block):
    block_type: Literal["validation"]
    complete_criterion: str | None = None
    terminate_criterion: str | None = None
    error_code_mapping: dict[str, str] | None = None
    parameter_keys: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _has_criterion(self) -> ValidationBlock:
        if not (self.complete_criterion or self.terminate_criterion):
            raise ValueError("a validation block needs a complete_criterion or a "
                             "terminate_criterion")
        return self


class WaitBlock(_Block):
    block_type: Literal["wait"]
    wait_sec: float = Field(default=0, ge=0)


class GotoUrlBlock(_Block):
    block_type: Literal["goto_url"]
    url: str


class TextPromptBlock(_Block):
    block_type: Literal["text_prompt"]
    prompt: str
    json_schema: dict[str, Any] | None = None
    llm_key: str | None = None
    parameter_keys: list[str] = Field(default_factory=list)


class ForLoopBlock(_Block):
    block_type: Literal["for_loop"]
    #: A parameter key, ``<label>_output``, or a ``{{ expression }}``.
    loop_over: str | None = None
    #: Skyvern's names for the same thing.
    loop_over_parameter_key: str | None = None
    loop_variable_reference: str | None = None
    loop_blocks: list[Block] = Field(min_length=1)
    complete_if_empty: bool = False

    @model_validator(mode="after")
    def _has_source(self) -> ForLoopBlock:
        if not self.source:
            raise ValueError("a for_loop block needs loop_over (a parameter key, "
                             "'<label>_output' or a '{{ expression }}')")
        return self

    @property
    def source(self) -> str | None:
        return self.loop_over or self.loop_over_parameter_key or self.loop_variable_reference


Block = Annotated[
    TaskBlock | NavigationBlock | ActionBlock | ExtractionBlock | ValidationBlock
    | LoginBlock | WaitBlock | ForLoopBlock | GotoUrlBlock | TextPromptBlock
    | FileDownloadBlock,
    Field(discriminator="block_type"),
]
ForLoopBlock.model_rebuild()


class WorkflowDefinition(_Strict):
    """``workflow_definition``: the parameters and the blocks, run in order."""

    parameters: list[WorkflowParameter] = Field(default_factory=list)
    blocks: list[Block] = Field(min_length=1)
    version: int | None = None

    @model_validator(mode="after")
    def _labels_are_unique(self) -> WorkflowDefinition:
        seen: set[str] = set()
        for block in iter_blocks(self.blocks):
            if block.label in seen:
                raise ValueError(f"block label {block.label!r} is used twice; labels name "
                                 "outputs ({{ <label>_output }}) and must be unique")
            seen.add(block.label)
        return self

    def input_parameters(self) -> list[WorkflowParameter]:
        return [p for p in self.parameters if p.parameter_type == "workflow"]


class WorkflowTestCase(_Strict):
    """One entry of ``tests:``: inputs, and what the run must produce."""

    id: str | None = None
    parameters: dict[str, Any] = Field(default_factory=dict)
    #: A subset of the run's output: ``{<block label>: <block output>}``.
    expected: dict[str, Any] | None = None
    status: Literal["completed", "failed", "terminated"] = "completed"
    tolerance: float = Field(default=0.0, ge=0)
    rel_tolerance: float = Field(default=0.0, ge=0)
    ignore_case: bool = False
    list_order: Literal["in_order", "any_order"] = "in_order"
    list_key: str | None = None


class WorkflowSpec(_Strict):
    """A whole workflow file (or ``create_workflow`` definition)."""

    title: str
    description: str | None = None
    workflow_definition: WorkflowDefinition
    tests: list[WorkflowTestCase] = Field(default_factory=list)
    # Skyvern's workflow-level settings: accepted, no local effect.
    proxy_location: Any = None
    webhook_callback_url: str | None = None
    persist_browser_session: bool | None = None
    totp_verification_url: str | None = None
    totp_identifier: str | None = None
    model: dict[str, Any] | None = None
    status: str | None = None
    is_saved_task: bool | None = None
    max_screenshot_scrolls: int | None = None
    extra_http_headers: dict[str, str] | None = None
    run_with: str | None = None
    ai_fallback: bool | None = None
    folder_id: str | None = None


def iter_blocks(blocks: list[Any]) -> list[Any]:
    """Every block, loop bodies included, in definition order."""
    found: list[Any] = []
    for block in blocks:
        found.append(block)
        if isinstance(block, ForLoopBlock):
            found.extend(iter_blocks(block.loop_blocks))
    return found
