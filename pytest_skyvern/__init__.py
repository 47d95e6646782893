"""pytest-skyvern: AI-driven browser end-to-end tests for pytest.

``SkyvernBrowserPage`` is a real Playwright ``Page`` with the Skyvern SDK's AI methods;
``Skyvern`` is the client; the pytest plugin (``pytest_skyvern.plugin``) provides the
fixtures, markers and reports.
"""

from __future__ import annotations

from pytest_skyvern._version import __version__
from pytest_skyvern.actions import Action, ActionPlan
from pytest_skyvern.browser.ai import AIBackend, NoAIBackend
from pytest_skyvern.browser.ailocator import AILocator
from pytest_skyvern.browser.page import SkyvernBrowserPage
from pytest_skyvern.browser.skyvern_browser import SkyvernBrowser
from pytest_skyvern.client import Skyvern, SkyvernEnvironment
from pytest_skyvern.config import Settings
from pytest_skyvern.errors import (
    ActionError,
    AIUnavailableError,
    ApiError,
    BadRequestError,
    BrowserNotFoundError,
    BudgetExceededError,
    CacheMissError,
    ConfigurationError,
    ConflictError,
    ExpectationFailed,
    ExtractionError,
    ForbiddenError,
    HealedCacheError,
    LLMError,
    NotFoundError,
    ResolutionError,
    SchemaError,
    SkyvernError,
    SkyvernHealWarning,
    UnprocessableEntityError,
)
from pytest_skyvern.sdk.runs import RunEngine, TaskRunResponse, WorkflowRunResponse
from pytest_skyvern.secrets import register_secret
from pytest_skyvern.workflows.store import Workflow

__all__ = [
    "AIBackend",
    "AILocator",
    "AIUnavailableError",
    "Action",
    "ActionError",
    "ActionPlan",
    "ApiError",
    "BadRequestError",
    "BrowserNotFoundError",
    "BudgetExceededError",
    "CacheMissError",
    "ConfigurationError",
    "ConflictError",
    "ExpectationFailed",
    "ExtractionError",
    "ForbiddenError",
    "HealedCacheError",
    "LLMError",
    "NoAIBackend",
    "NotFoundError",
    "ResolutionError",
    "RunEngine",
    "SchemaError",
    "Settings",
    "Skyvern",
    "SkyvernBrowser",
    "SkyvernBrowserPage",
    "SkyvernEnvironment",
    "SkyvernError",
    "SkyvernHealWarning",
    "TaskRunResponse",
    "UnprocessableEntityError",
    "Workflow",
    "WorkflowRunResponse",
    "__version__",
    "register_secret",
]
