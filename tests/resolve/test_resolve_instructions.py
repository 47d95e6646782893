"""The instruction grammar: what parses, into which intents, and what is refused."""

from __future__ import annotations

import pytest

from pytest_skyvern.resolve import Intent, parse_instruction, parse_target


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Click the login button", [Intent("click", "login", role_hint="button")]),
        ("tap on 'Sign in'", [Intent("click", "Sign in")]),
        ("press the Delete button", [Intent("click", "Delete", role_hint="button")]),
        ("press Delete", [Intent("press", key="Delete")]),
        ("hit the enter key", [Intent("press", key="Enter")]),
        (
            "press Ctrl+A in the Notes box",
            [Intent("press", "Notes", role_hint="textbox", key="Control+A")],
        ),
        ("open the Settings menu", [Intent("click", "Settings", role_hint="menu")]),
        ("open example.com/login", [Intent("goto", url="example.com/login")]),
        ("visit '/a b'", None),  # a URL has no spaces
        ("fill Email with 'a@b.c'", [Intent("fill", "Email", value="a@b.c")]),
        ("enter 'bob' as the username", [Intent("fill", "username", value="bob")]),
        ("set the Country dropdown to 'France'", [Intent("fill", "Country", "France", "combobox")]),
        ("choose 'Red' from Colour", [Intent("select", "Colour", value="Red")]),
        ("pick the option 'XL' in the Size menu", [Intent("select", "Size", "XL", "menu")]),
        (
            "clear the Remember me checkbox",
            [Intent("uncheck", "Remember me", role_hint="checkbox")],
        ),
        (
            "untick the 'Subscribe' check box",
            [Intent("uncheck", "Subscribe", role_hint="checkbox")],
        ),
        ("scroll up", [Intent("scroll", direction="up")]),
        ("scroll down to the top", [Intent("scroll", value="top", direction="up")]),
        ("move the mouse over Products", [Intent("hover", "Products")]),
        ("attach the file 'a.png'", [Intent("upload", value="a.png")]),
        ("click the button labelled 'Go'", [Intent("click", "Go", role_hint="button")]),
        ("Click the user's profile link", [Intent("click", "user's profile", role_hint="link")]),
        (
            "Please type '{{ otp }}' in the Code field.",
            [Intent("fill", "Code", "{{ otp }}", "textbox")],
        ),
        (
            "click 'Terms and Conditions' and then click Next",
            [Intent("click", "Terms and Conditions"), Intent("click", "Next")],
        ),
        ("Click Login. Then press Tab", [Intent("click", "Login"), Intent("press", key="Tab")]),
        ("click Rock and Roll", [Intent("click", "Rock and Roll")]),  # no verb after "and"
        ("check whether the cart is empty", None),
        ("check out", None),
        ("right-click the row", None),
        ("wait for the spinner", None),
        ("type 'unterminated into Name", None),
        ('type "unterminated into Name', None),
        ("", None),
    ],
)
def test_parse_instruction(text: str, expected: list[Intent] | None) -> None:
    parsed = parse_instruction(text)
    assert (list(parsed) if parsed is not None else None) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the Email field", ("Email", "textbox")),
        ("'Remember me' checkbox", ("Remember me", "checkbox")),
        ("link 'Home'", ("Home", "link")),
        ("Submit", ("Submit", None)),
        ("the 'Delete' button in row 2", None),
    ],
)
def test_parse_target(text: str, expected: tuple[str, str | None] | None) -> None:
    assert parse_target(text) == expected
