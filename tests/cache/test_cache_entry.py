"""A resolved plan becomes a cache entry: locator candidates, fingerprint, masked values."""

from __future__ import annotations

import pytest

from pytest_skyvern.actions import Action, ActionPlan
from pytest_skyvern.cache import (
    LocatorCandidate,
    UncacheablePlan,
    candidates_for,
    entry_from_plan,
)
from pytest_skyvern.secrets import SecretRegistry
from pytest_skyvern.snapshot.model import Element, Snapshot

PASSWORD = Element(
    ref="e3",
    role="textbox",
    name="Password",
    tag="input",
    label="Password",
    placeholder="Your password",
    test_id="pw",
    element_id="pw-field",
    input_type="password",
    css="#pw-field",
    xpath='//*[@id="pw-field"]',
)
SIGN_IN = Element(ref="e4", role="button", name="Sign in", tag="button", css="form > button")
SNAPSHOT = Snapshot(
    url="http://127.0.0.1:5123/login",
    title="Login",
    text="",
    elements={"e3": PASSWORD, "e4": SIGN_IN},
)


def test_candidates_in_order_of_stability() -> None:
    assert candidates_for(PASSWORD) == [
        LocatorCandidate(kind="test_id", value="pw"),
        LocatorCandidate(kind="role", value="textbox", name="Password"),
        LocatorCandidate(kind="label", value="Password"),
        LocatorCandidate(kind="placeholder", value="Your password"),
        LocatorCandidate(kind="css", value="#pw-field"),
        LocatorCandidate(kind="xpath", value='//*[@id="pw-field"]'),
    ]


def test_missing_candidates_are_skipped() -> None:
    assert [c.kind for c in candidates_for(SIGN_IN)] == ["role", "css"]
    unnamed = Element(ref="e9", role="textbox", tag="input", xpath="/html/body/input")
    assert [c.kind for c in candidates_for(unnamed)] == ["xpath"]


def test_css_that_only_repeats_the_test_id_is_dropped() -> None:
    el = Element(ref="e1", role="button", name="Go", test_id="go", css='[data-testid="go"]')
    assert [c.kind for c in candidates_for(el)] == ["test_id", "role"]


def test_entry_from_plan_maps_refs_and_masks_literal_secrets() -> None:
    secrets = SecretRegistry()
    secrets.add("password", "hunter2-very-secret")
    plan = ActionPlan(
        tier="llm",
        actions=[
            Action(type="fill", ref="e3", value="hunter2-very-secret"),
            Action(type="click", ref="e4"),
            Action(type="press", key="Enter"),
        ],
    )
    entry = entry_from_plan(
        plan, SNAPSHOT, kind="act", instruction="Log in", url=SNAPSHOT.url, secrets=secrets
    )
    assert entry.tier == "llm"
    assert entry.url == "/login"
    assert entry.variables == ["password"]
    fill, click, press = entry.actions
    assert fill.value == "{{password}}"
    assert fill.element is not None
    assert fill.element.fingerprint.input_type == "password"
    assert fill.element.candidates[0] == LocatorCandidate(kind="test_id", value="pw")
    assert click.element is not None
    assert click.element.fingerprint.name == "Sign in"
    assert press.element is None
    assert press.key == "Enter"
    assert "hunter2-very-secret" not in entry.model_dump_json()


def test_resolver_tier_is_kept() -> None:
    plan = ActionPlan(tier="resolver", actions=[Action(type="click", ref="e4")])
    entry = entry_from_plan(
        plan,
        SNAPSHOT,
        kind="click",
        instruction="Sign in",
        url=SNAPSHOT.url,
        secrets=SecretRegistry(),
    )
    assert entry.tier == "resolver"
    assert entry.kind == "click"


def test_same_origin_goto_is_stored_relative() -> None:
    plan = ActionPlan(
        actions=[
            Action(type="goto", url="http://127.0.0.1:5123/products?page=2"),
            Action(type="goto", url="https://other.test/x"),
        ]
    )
    entry = entry_from_plan(
        plan,
        SNAPSHOT,
        kind="act",
        instruction="Open products",
        url=SNAPSHOT.url,
        secrets=SecretRegistry(),
    )
    assert [a.url for a in entry.actions] == ["/products?page=2", "https://other.test/x"]


def test_unknown_ref_is_uncacheable() -> None:
    plan = ActionPlan(actions=[Action(type="click", ref="e99")])
    with pytest.raises(UncacheablePlan, match="e99"):
        entry_from_plan(
            plan, SNAPSHOT, kind="act", instruction="x", url=SNAPSHOT.url, secrets=SecretRegistry()
        )


def test_iframe_elements_store_their_frame_chain() -> None:
    frame = Element(ref="e1", role="iframe", name="Payment", tag="iframe", css="#pay")
    inner = Element(ref="f1e2", role="button", name="Pay", tag="button", frame_path=("e1",))
    snap = Snapshot(url="http://h/", title="", text="", elements={"e1": frame, "f1e2": inner})
    plan = ActionPlan(actions=[Action(type="click", ref="f1e2")])
    entry = entry_from_plan(
        plan, snap, kind="act", instruction="Pay", url="http://h/", secrets=SecretRegistry()
    )
    element = entry.actions[0].element
    assert element is not None
    assert element.frames == [candidates_for(frame)]
