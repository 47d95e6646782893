"""Data model of a page snapshot: what the AI tiers (resolver, LLM) see of a page.

Shared by ``snapshot.capture`` (which builds it), ``resolve`` (the LLM-free resolver)
and ``agent`` (the LLM prompts). Plain frozen dataclasses: no Playwright objects inside,
so they can be cached, logged and compared.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: What a secret value is replaced with wherever a snapshot shows it.
REDACTED = "<redacted>"


@dataclass(frozen=True)
class Element:
    """One element the model may act on or read, addressed by ``ref``.

    ``ref`` is Playwright's aria ref (``e12``); ``page.locator(f"aria-ref={ref}")``
    (inside ``frame_path`` frames, if any) finds it again while the snapshot is fresh.
    """

    ref: str
    role: str
    name: str = ""
    tag: str = ""
    label: str | None = None
    placeholder: str | None = None
    title: str | None = None
    test_id: str | None = None
    element_id: str | None = None
    input_type: str | None = None
    value: str | None = None
    checked: bool | None = None
    disabled: bool = False
    options: tuple[str, ...] = ()
    selected: tuple[str, ...] = ()
    text: str = ""
    in_viewport: bool = True
    secret: bool = False
    frame_path: tuple[str, ...] = ()
    css: str | None = None
    xpath: str | None = None
    #: Link target as the page wrote it (``/url:`` of the aria snapshot).
    href: str | None = None
    #: Other ARIA states worth showing: ``expanded``, ``pressed``, ``selected``, ``level=2``...
    states: tuple[str, ...] = ()
    #: Why the element is clickable when its role does not say so: the probe's signals
    #: (``listener``, ``handler``, ``onclick``, ``pointer``, ``tabindex``, ``delegated``,
    #: ``editable``, ``text``). Empty for elements with an interactive role.
    clickable: tuple[str, ...] = ()
    #: Playwright's role for the element when ``role`` was inferred by the probe (a label
    #: that stands for a hidden checkbox); ``generic`` when the aria tree has no node for it.
    aria_role: str | None = None
    #: The role of an element this one was merged into (a ``tab`` around its only link).
    wrapper_role: str | None = None
    #: Inside a dialog (``role=dialog``/``alertdialog``, ``<dialog>``).
    in_dialog: bool = False
    #: The words of up to three nodes around it that say more (its row, its card...),
    #: innermost first: how "Delete Grace's order" finds the Delete of Grace's row.
    context: tuple[str, ...] = ()
    #: A button that submits its form (what "press submit" means on a "Log in" button).
    submits: bool = False
    #: With a dialog open, something else lies over it (the dialog's backdrop).
    covered: bool = False
    #: A toggle whose options or menu items exist only once it is opened.
    lazy_popup: bool = False
    #: It opens a menu or list of its own (``aria-haspopup``).
    has_popup: bool = False

    @property
    def tree_role(self) -> str:
        """The role Playwright's role selectors know the element by."""
        return self.aria_role or self.role

    def describe(self) -> str:
        """A one-line human description, e.g. ``button "Sign in" [e5]``."""
        label = self.name or self.label or self.placeholder or self.title or self.text
        return f'{self.role} "{label}" [{self.ref}]' if label else f"{self.role} [{self.ref}]"


@dataclass(frozen=True)
class Snapshot:
    """A compact, budgeted view of one page at one moment."""

    url: str
    title: str
    #: The text shown to the model (within the token budget), already fenced as untrusted.
    text: str
    #: Every element the text mentions, by ref.
    elements: dict[str, Element] = field(default_factory=dict)
    #: Estimated tokens of ``text``.
    tokens: int = 0
    #: True when part of the page was left out to stay within the budget.
    truncated: bool = False
    #: Which chunk of the page this is (0 = visible area first) and how many there are.
    chunk: int = 0
    chunks: int = 1
    #: Names of buttons and links the page has but does not show (collapsed, hidden):
    #: a visible "Continue shopping" is no answer to "click Continue" when a hidden
    #: "Continue" exists.
    hidden_names: tuple[str, ...] = ()
    #: Hidden controls that one collapsed toggle holds: their name -> the toggle's ref.
    hidden_owners: dict[str, str] = field(default_factory=dict)

    def element(self, ref: str) -> Element | None:
        return self.elements.get(ref)
