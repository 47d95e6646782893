"""The LLM-free tier: instruction + snapshot -> action plan, only when sure.

Sits between the action cache and the LLM. It never guesses: every step of an
instruction must parse and resolve to one clearly best element, otherwise the
whole instruction is handed over as ``NotConfident`` with the candidates seen.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from pytest_skyvern.actions import Action, ActionPlan, ActionType
from pytest_skyvern.resolve.instructions import Intent, parse_instruction, parse_target
from pytest_skyvern.resolve.matcher import Candidate, normalise, pick, rank, role_fits
from pytest_skyvern.resolve.outcome import NotConfident
from pytest_skyvern.snapshot.model import Element, Snapshot

#: How many candidates a ``NotConfident`` lists.
MAX_CANDIDATES = 5

_LEADING_VERB = re.compile(
    r"^(?:please\s+)?(?:click(?:\s+on)?|tap(?:\s+on)?|press|hit|enter|type(?:\s+in(?:to)?)?|"
    r"fill(?:\s+in|\s+out)?|select|choose|pick|check|tick|uncheck|untick|hover(?:\s+over)?|"
    r"find|locate|use)\s+",
    re.I,
)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)
#: Intents performed as-is on the resolved element.
_DIRECT: dict[str, ActionType] = {
    "click": "click",
    "check": "check",
    "uncheck": "uncheck",
    "hover": "hover",
    "fill": "fill",
    "upload": "upload",
}


class Resolver:
    """Answers AI steps that need no LLM: explicit instructions on unambiguous pages."""

    def resolve_act(self, instruction: str, snapshot: Snapshot) -> ActionPlan | NotConfident:
        """One ``Action`` per step of ``instruction``, or ``NotConfident`` for all of it."""
        intents = parse_instruction(instruction)
        if intents is None:
            return NotConfident(f"instruction not understood without an LLM: {instruction!r}")
        actions: list[Action] = []
        for index, intent in enumerate(intents):
            later = intents[index + 1 :]
            result = self._resolve_intent(intent, snapshot)
            if isinstance(result, NotConfident):
                return result
            if later and any(i.target is not None for i in later) and _navigates(result, snapshot):
                # Refs of this snapshot die with the page; later steps need a fresh one.
                return NotConfident(
                    f"step {index + 1} leaves the page, later steps cannot be resolved "
                    "from this snapshot"
                )
            actions.append(result)
        reasoning = "; ".join(a.reasoning or a.type for a in actions)
        return ActionPlan(actions=actions, reasoning=f"resolver: {reasoning}", tier="resolver")

    def resolve_target(
        self, description: str, snapshot: Snapshot, action: str
    ) -> Element | NotConfident:
        """The element ``description`` names, for ``action`` (``click``, ``fill``, ...).

        ``description`` may be a bare phrase ("the Email field") or an instruction
        ("Click the 'Submit Order' button"); the caller's ``action`` decides the roles.
        """
        parsed = _target_of(description)
        if parsed is None:
            return NotConfident(f"no target found in {description!r}")
        target, hint = parsed
        return self._element(target, hint, action, snapshot)

    def _element(
        self, target: str, hint: str | None, action: str, snapshot: Snapshot
    ) -> Element | NotConfident:
        candidates = rank(snapshot.elements.values(), target, action=action, role_hint=hint)
        best = pick(candidates)
        if best is not None:
            return best.element
        return NotConfident(_why_not(target, candidates), _describe(candidates))

    def _resolve_intent(self, intent: Intent, snapshot: Snapshot) -> Action | NotConfident:
        if intent.action == "goto":
            url = _absolute(intent.url or "", snapshot.url)
            if url is None:
                return NotConfident(f"cannot resolve {intent.url!r} against {snapshot.url!r}")
            return Action(type="goto", url=url, reasoning=f"go to {url}")
        if intent.action == "scroll":
            return Action(
                type="scroll",
                direction=intent.direction,
                value=intent.value,
                reasoning=f"scroll {intent.value or intent.direction}",
            )
        if intent.target is None:
            return self._untargeted(intent, snapshot)
        found = self._element(intent.target, intent.role_hint, intent.action, snapshot)
        if isinstance(found, NotConfident):
            return found
        return _element_action(intent, found)

    def _untargeted(self, intent: Intent, snapshot: Snapshot) -> Action | NotConfident:
        if intent.action == "press":
            return Action(type="press", key=intent.key, reasoning=f"press {intent.key}")
        if intent.action == "upload":
            inputs = [e for e in snapshot.elements.values() if role_fits(e, "upload")]
            if len(inputs) == 1:
                return Action(
                    type="upload",
                    ref=inputs[0].ref,
                    value=intent.value,
                    reasoning=f"upload to the only file input {inputs[0].describe()}",
                )
            return NotConfident(
                f"{len(inputs)} file inputs and no target named",
                [e.describe() for e in inputs[:MAX_CANDIDATES]],
            )
        return NotConfident(f"{intent.action} needs a target")


def _element_action(intent: Intent, element: Element) -> Action | NotConfident:
    why = f"{intent.action} {element.describe()}"
    if intent.action == "choose":
        kind: ActionType = "check" if role_fits(element, "check") else "click"
        return Action(type=kind, ref=element.ref, reasoning=why)
    if intent.action == "select" or (intent.action == "fill" and element.options):
        # "set the Country field to 'France'" on a <select> is a selection.
        option = _option(element, intent.value or "")
        if option is None:
            return NotConfident(
                f"{intent.value!r} is not an option of {element.describe()}",
                [f"option {o!r}" for o in element.options[:MAX_CANDIDATES]],
            )
        return Action(type="select", ref=element.ref, value=option, reasoning=why)
    if intent.action == "press":
        return Action(type="press", ref=element.ref, key=intent.key, reasoning=why)
    direct = _DIRECT.get(intent.action)
    if direct is not None:
        return Action(type=direct, ref=element.ref, value=intent.value, reasoning=why)
    return NotConfident(f"unsupported action {intent.action!r}")


def _option(element: Element, value: str) -> str | None:
    """The one option ``value`` names exactly (after normalisation); none if unknown."""
    wanted = normalise(value)
    matches = [o for o in element.options if normalise(o) == wanted]
    return matches[0] if len(matches) == 1 else None


def _navigates(action: Action, snapshot: Snapshot) -> bool:
    if action.type == "goto":
        return True
    element = snapshot.element(action.ref) if action.ref else None
    return action.type == "click" and element is not None and element.role == "link"


def _absolute(url: str, base: str) -> str | None:
    if _SCHEME.match(url):
        return url
    base_scheme = urlsplit(base).scheme
    if url.startswith(("/", ".", "?", "#")):
        return urljoin(base, url) if base_scheme in {"http", "https", "file"} else None
    # A bare host ("example.com/login", "localhost:8000"): keep the page's web scheme.
    return f"{base_scheme if base_scheme in {'http', 'https'} else 'https'}://{url}"


def _target_of(description: str) -> tuple[str, str | None] | None:
    intents = parse_instruction(description)
    if intents is not None and len(intents) == 1 and intents[0].target is not None:
        return intents[0].target, intents[0].role_hint
    return parse_target(_LEADING_VERB.sub("", description.strip()))


def _why_not(target: str, candidates: list[Candidate]) -> str:
    if not candidates:
        return f"nothing on the page matches {target!r}"
    top = candidates[0]
    if top.strong and len(candidates) > 1:
        return f"{target!r} is ambiguous: several elements match about equally well"
    return f"no element clearly matches {target!r}"


def _describe(candidates: list[Candidate]) -> list[str]:
    return [c.describe() for c in candidates[:MAX_CANDIDATES]]
