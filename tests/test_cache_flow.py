"""Record, replay with zero LLM calls, heal, replay-only, and xdist, through real runs.

Each child run is a real pytest process with the plugin; the LLM is the scripted
server in this process, reached over 127.0.0.1 through the real openai client.
"""

from __future__ import annotations

import json

import pytest

from examples.demo_app import DemoApp
from pytest_skyvern.llm import ScriptedLLMServer
from pytest_skyvern.testing.scripted_llm import scripted_llm_env

CHILD = '''
import os

async def test_login(skyvern_page):
    await skyvern_page.goto(os.environ["DEMO_URL"] + "/login")
    await skyvern_page.fill("#nope", "demo@example.com",
                            prompt="the address box used for signing in", timeout=200)
    await skyvern_page.fill("#password", "{{demo_pw}}", prompt="the Password field")
    await skyvern_page.click(prompt="the control that submits the credentials")
    assert await skyvern_page.inner_text("h1") == "Welcome, Demo User"
'''

SECRET = "correct-horse-battery"


def run(pytester: pytest.Pytester, server: ScriptedLLMServer, app: DemoApp, *args: str
        ) -> pytest.RunResult:
    env = {**scripted_llm_env(server), "DEMO_URL": app.url, "SKYVERN_SECRET_DEMO_PW": SECRET}
    with pytest.MonkeyPatch.context() as mp:
        for name, value in env.items():
            mp.setenv(name, value)
        return pytester.runpytest_subprocess("-p", "no:cacheprovider", *args)


def cache_file(pytester: pytest.Pytester) -> dict[str, object]:
    (path,) = (pytester.path / ".skyvern-cache").glob("*.json")
    data: dict[str, object] = json.loads(path.read_text())
    return data


async def test_record_replay_heal_and_replay_only(
    pytester: pytest.Pytester, llm: ScriptedLLMServer, app: DemoApp, skyvern_page: object
) -> None:
    from agent_refs import refs_on

    refs = await refs_on(skyvern_page, f"{app.url}/login", ["Email", "Sign in"])
    llm.add({"reasoning": "the email field", "ref": refs["Email"]},
                 match="address box")
    llm.add({"reasoning": "the sign in button", "ref": refs["Sign in"]},
                 match="submits the credentials")
    pytester.makepyfile(test_login_flow=CHILD)

    # 1. Record: the LLM answers both AI steps, the cache file is written.
    first = run(pytester, llm, app, "--skyvern-cache=auto")
    first.assert_outcomes(passed=1)
    assert len(llm.llm_requests) == 2
    text = (pytester.path / ".skyvern-cache" / "test_login_flow.py.json").read_text()
    assert SECRET not in text
    tests = cache_file(pytester)["tests"]
    assert isinstance(tests, dict)
    (entries,) = tests.values()
    assert sorted(e["tier"] for e in entries.values()) == ["llm", "llm"]

    # 2. Replay: zero LLM calls.
    llm.clear()
    run(pytester, llm, app, "--skyvern-cache=auto").assert_outcomes(passed=1)
    assert llm.llm_requests == []

    # 3. The markup changes (ids, test ids, classes renamed): still zero LLM calls,
    #    the entries are healed in place (the broken candidates dropped, not appended).
    app.variant = "b"
    run(pytester, llm, app, "--skyvern-cache=auto").assert_outcomes(passed=1)
    assert llm.llm_requests == []
    healed = cache_file(pytester)["tests"]
    assert isinstance(healed, dict)
    (healed_entries,) = healed.values()
    # The two recorded entries, healed in place, plus the password step that now falls
    # back from its renamed selector to the (LLM-free) resolver.
    assert sorted((e["instruction"], e["tier"]) for e in healed_entries.values()) == [
        ("the Password field", "resolver"),
        ("the address box used for signing in", "llm"),
        ("the control that submits the credentials", "llm"),
    ]
    for entry in healed_entries.values():
        if entry["tier"] == "llm":
            kinds = [c["kind"] for c in entry["actions"][0]["element"]["candidates"]]
            assert kinds[0] == "role"
            assert "test_id" not in kinds

    # 4. replay-only with a step that was never recorded: a clear failure, no request.
    pytester.makepyfile(test_login_flow=CHILD.replace(
        "the control that submits the credentials", "the brand new control"))
    result = run(pytester, llm, app, "--skyvern-cache=replay-only")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*CacheMissError*"])
    result.stdout.fnmatch_lines(["*--skyvern-cache=auto*"])
    assert llm.llm_requests == []


STALE_CHILD = '''
import os

async def test_save(skyvern_page):
    if os.environ.get("MARKUP") == "new":
        await skyvern_page.set_content('<a href="#" role="button" id="s2">Store draft</a>'
                                       '<script>document.querySelector("a").onclick = '
                                       '() => document.title = "saved"</script>')
    else:
        await skyvern_page.set_content('<button id="s1" data-testid="save" '
                                       'onclick="document.title=\\'saved\\'">Save</button>')
    await skyvern_page.click(prompt="the control that keeps my work")
    assert await skyvern_page.title() == "saved"
'''


async def test_a_stale_entry_is_re_resolved_and_replaced(
    pytester: pytest.Pytester, llm: ScriptedLLMServer, app: DemoApp
) -> None:
    llm.add({"reasoning": "the only control", "ref": "e2"}, match="keeps my work")
    pytester.makepyfile(test_stale=STALE_CHILD)
    run(pytester, llm, app, "--skyvern-cache=auto").assert_outcomes(passed=1)
    before = cache_file(pytester)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MARKUP", "new")
        run(pytester, llm, app, "--skyvern-cache=auto").assert_outcomes(passed=1)
    after = cache_file(pytester)
    assert len(llm.llm_requests) == 2  # recorded once, re-resolved once
    (old,) = before["tests"].values()  # type: ignore[union-attr]
    (new,) = after["tests"].values()  # type: ignore[union-attr]
    assert list(old) == list(new)  # the same key, replaced rather than appended
    (entry,) = new.values()
    assert entry["actions"][0]["element"]["fingerprint"]["name"] == "Store draft"


XDIST_CHILD = '''
import pytest

@pytest.mark.parametrize("label", ["Alpha", "Beta", "Gamma", "Delta"])
async def test_click(skyvern_page, label):
    await skyvern_page.set_content(f"<button onclick=\\"document.title='ok'\\">{label}</button>")
    await skyvern_page.click(prompt=f"the {label} button")
    assert await skyvern_page.title() == "ok"
'''


def test_two_xdist_workers_share_one_valid_cache_file(
    pytester: pytest.Pytester, llm: ScriptedLLMServer, app: DemoApp
) -> None:
    pytester.makepyfile(test_parallel=XDIST_CHILD)
    run(pytester, llm, app, "-n", "2", "--skyvern-cache=auto").assert_outcomes(passed=4)
    tests = cache_file(pytester)["tests"]
    assert isinstance(tests, dict)
    assert len(tests) == 4  # every worker's entries, in one valid JSON file
    assert not list((pytester.path / ".skyvern-cache").glob("*.tmp"))
    llm.clear()
    run(pytester, llm, app, "-n", "2", "--skyvern-cache=replay-only").assert_outcomes(
        passed=4)
    assert llm.requests == []
