"""Logging into a site with a stored credential, typing only placeholders.

The username, password and one-time code are registered as secrets first, so the
engine, the LLM, the timeline and the cache only ever see ``{{cred_<name>_password}}``;
the real values are swapped in when the keys are typed. The form is filled by the
LLM-free resolver when it has a field labelled like a login form (Email / Username,
Password); otherwise the agent gets a task prompt made of placeholders only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from pytest_skyvern.errors import SkyvernError
from pytest_skyvern.local.credential_store import CredentialStore, StoredCredential
from pytest_skyvern.local.totp import (
    DEFAULT_PUSH_WAIT_S,
    code_from_secret,
    code_from_url,
    pushed_codes,
)
from pytest_skyvern.secrets import secrets

if TYPE_CHECKING:
    from playwright.async_api import Page

USERNAME_LABELS = ("Email", "Email address", "Username", "User name", "Login", "User ID")
PASSWORD_LABELS = ("Password",)
SUBMIT_NAMES = ("Sign in", "Log in", "Login", "Sign In", "Log In", "Continue", "Submit")
VAULT_TYPES = ("bitwarden", "onepassword", "azure_vault")

# A visible text input that asks for a one-time code, with its label and its form's
# submit button; the words are the ones sites use for the second factor.
_FIND_CODE_FIELD = """() => {
  const words = /(code|one[- ]?time|authenticat|2fa|two[- ]factor|otp|verification)/i;
  const labelOf = (el) => (el.labels && el.labels[0] && el.labels[0].innerText.trim())
      || el.getAttribute('aria-label') || el.placeholder || '';
  for (const el of document.querySelectorAll('input')) {
    if (!['text', 'tel', 'number', 'password', ''].includes(el.type)) continue;
    if (!(el.offsetWidth || el.offsetHeight)) continue;
    const hint = [labelOf(el), el.name, el.id, el.autocomplete].join(' ');
    if (!words.test(hint)) continue;
    const form = el.form || document;
    const button = form.querySelector(
      'button[type=submit], button:not([type]), input[type=submit]');
    const submit = button ? (button.innerText || button.value || '').trim() : '';
    return {label: labelOf(el), submit};
  }
  return null;
}"""


class LoginEngine(Protocol):
    async def act(self, page: Page, prompt: str) -> None: ...

    async def run_task(self, page: Page, prompt: str, **kwargs: Any) -> Any: ...


@dataclass(frozen=True)
class TotpSource:
    """Where a login gets its one-time code, if the site asks for one."""

    secret: str | None = None
    identifier: str | None = None
    url: str | None = None
    wait_s: float = DEFAULT_PUSH_WAIT_S

    @property
    def available(self) -> bool:
        return bool(self.secret or self.identifier or self.url)

    async def code(self) -> str:
        if self.secret:
            return await code_from_secret(self.secret)
        if self.url:
            return await code_from_url(self.url, self.identifier, self.wait_s)
        assert self.identifier is not None
        return await pushed_codes().wait_for(self.identifier, self.wait_s)


def totp_source_for(
    stored: StoredCredential, totp_identifier: str | None = None, totp_url: str | None = None,
    wait_s: float | None = None,
) -> TotpSource:
    """The stored secret wins; then the run's (or credential's) identifier and URL."""
    secret = stored.secret.get("totp")
    return TotpSource(
        secret=str(secret) if secret else None,
        identifier=totp_identifier or stored.secret.get("totp_identifier"),
        url=totp_url, wait_s=wait_s if wait_s is not None else DEFAULT_PUSH_WAIT_S,
    )


def require_skyvern_type(credential_type: Any) -> None:
    name = str(getattr(credential_type, "value", credential_type))
    if name in VAULT_TYPES:
        raise SkyvernError(
            f"login(credential_type={name!r}) is not supported in local mode: local mode "
            "has no password-manager integration. Store the login with create_credential() "
            "and use credential_type='skyvern', or use cloud mode."
        )
    if name != "skyvern":
        raise SkyvernError(f"unknown credential_type {name!r}; valid: skyvern, "
                           + ", ".join(VAULT_TYPES))


def register_credential(stored: StoredCredential) -> tuple[str, str]:
    """Placeholders for the credential's username and password."""
    if stored.credential_type != "password":
        raise SkyvernError(f"credential {stored.credential_id} is a {stored.credential_type} "
                           "credential; login() needs a password credential.")
    prefix = placeholder_prefix(stored)
    user = secrets().add(f"{prefix}_username", str(stored.secret.get("username", "")))
    password = secrets().add(f"{prefix}_password", str(stored.secret.get("password", "")))
    return user, password


async def _first_label(page: Page, labels: tuple[str, ...]) -> str | None:
    for label in labels:
        if await page.get_by_label(label, exact=True).count():
            return label
    return None


async def _first_button(page: Page) -> str | None:
    for name in SUBMIT_NAMES:
        if await page.get_by_role("button", name=name, exact=True).count():
            return name
    return None


async def fill_login_form(
    engine: LoginEngine, page: Page, user: str, password: str, prompt: str | None = None,
) -> None:
    """Type the placeholders into the form and submit it."""
    user_label = await _first_label(page, USERNAME_LABELS)
    password_label = await _first_label(page, PASSWORD_LABELS)
    button = await _first_button(page)
    if user_label and password_label and button:
        await engine.act(page, f"Type '{user}' into {user_label}, then type '{password}' "
                               f"into {password_label}, then click '{button}'")
    else:
        goal = (f"{prompt}. " if prompt else "") + (
            f"Log in: type '{user}' into the username or email field, type '{password}' "
            "into the password field, then submit the form. Stop once logged in.")
        result = await engine.run_task(page, goal)
        if getattr(result, "status", "completed") != "completed":
            raise SkyvernError(f"the login form could not be filled: "
                               f"{getattr(result, 'failure_reason', None)}")
    await page.wait_for_load_state()


async def answer_code_prompt(
    engine: LoginEngine, page: Page, stored: StoredCredential, totp: TotpSource,
) -> bool:
    """If the page asks for a one-time code, type one and submit; True if it did."""
    field = await page.evaluate(_FIND_CODE_FIELD)
    if not field:
        return False
    if not totp.available:
        raise SkyvernError(
            f"the site asks for a one-time code ({field['label'] or 'code field'}), but "
            f"credential {stored.credential_id} has no 'totp' secret and the run has no "
            "totp_identifier or totp_url.")
    code = secrets().add(f"{placeholder_prefix(stored)}_totp", await totp.code())
    submit = f", then click '{field['submit']}'" if field["submit"] else ", then press Enter"
    await engine.act(page, f"Type '{code}' into {field['label']}{submit}")
    await page.wait_for_load_state()
    return True


async def still_on_login_form(page: Page) -> str | None:
    """Why the login looks unfinished (a visible password or code field), or None."""
    if await page.locator("input[type=password]:visible").count():
        return "a password field is still shown after submitting the login form"
    if await page.evaluate(_FIND_CODE_FIELD):
        return "the one-time code was not accepted (the code field is still shown)"
    return None


async def login_on_page(
    engine: LoginEngine, page: Page, stored: StoredCredential, *, url: str | None = None,
    prompt: str | None = None, totp: TotpSource | None = None,
) -> None:
    """Log in on ``page``; raises ``SkyvernError`` saying why if it did not work."""
    user, password = register_credential(stored)
    if url:
        await page.goto(url)
    await fill_login_form(engine, page, user, password, prompt)
    await answer_code_prompt(engine, page, stored, totp or totp_source_for(stored))
    problem = await still_on_login_form(page)
    if problem:
        raise SkyvernError(f"login with credential {stored.credential_id} failed: {problem}")


async def agent_login(page: Any, credential_id: str | None = None, url: str | None = None,
                      prompt: str | None = None, credential_type: Any = "skyvern",
                      totp_identifier: str | None = None, totp_url: str | None = None,
                      totp_timeout: float | None = None, **unused: Any) -> None:
    """``page.agent.login(...)``: log in on this page with a stored credential."""
    del unused  # SDK parameters with no local effect (webhook_url, proxy_location, ...)
    require_skyvern_type(credential_type)
    if not credential_id:
        raise SkyvernError("login(credential_type='skyvern') needs credential_id=")
    stored = CredentialStore().get(credential_id)
    await login_on_page(page.ai_backend, page, stored, url=url, prompt=prompt,
                        totp=totp_source_for(stored, totp_identifier, totp_url, totp_timeout))


def placeholder_prefix(stored: StoredCredential) -> str:
    """``cred_<credential name>``: named after the credential's *name*, not its id, so
    the placeholders (and the action-cache keys built from them) are the same in every
    run, where a fresh credential gets a fresh id."""
    return "cred_" + (re.sub(r"[^A-Za-z0-9_]", "_", stored.name).strip("_") or "unnamed")
