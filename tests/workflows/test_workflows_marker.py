"""``@pytest.mark.skyvern``: run, verdict, diff, collection errors, parametrised prompts."""

from __future__ import annotations

from collections.abc import Callable

import pytest

RunChild = Callable[..., pytest.RunResult]

ORDER = '''
ORDER = {
    "type": "object",
    "properties": {
        "full_name": {"type": "string"},
        "email": {"type": "string"},
        "country": {"type": "string"},
        "shipping": {"type": "string"},
    },
    "required": ["full_name", "country"],
}
'''

FILL = ("Type 'Ada Lovelace' into Full name, then type 'ada@example.com' into Email, "
        "then select '{country}' from Country, then click 'Submit order'")


def test_marker_runs_the_task_and_checks_expected(pytester: pytest.Pytester,
                                                  run_child: RunChild) -> None:
    pytester.makepyfile(test_order=ORDER + f'''
import pytest

@pytest.mark.skyvern(prompt={FILL.replace("{country}", "Germany")!r}, url="/form",
                     schema=ORDER, expected={{"full_name": "ada lovelace", "country": "Germany"}},
                     ignore_case=True)
async def test_empty_body():
    pass

@pytest.mark.skyvern(prompt={FILL.replace("{country}", "Spain")!r}, url="/form", schema=ORDER)
def test_own_assertions(skyvern_result):
    assert skyvern_result.status == "completed"
    assert skyvern_result.output["country"] == "Spain"
''')
    result = run_child("-v")
    result.assert_outcomes(passed=2)


def test_wrong_output_fails_with_a_diff(pytester: pytest.Pytester, run_child: RunChild) -> None:
    pytester.makepyfile(test_order=ORDER + f'''
import pytest

@pytest.mark.skyvern(prompt={FILL.replace("{country}", "Germany")!r}, url="/form",
                     schema=ORDER, expected={{"full_name": "Ada Lovelace", "country": "France"}})
def test_wrong_country():
    raise AssertionError("the body must not run after a failed verdict")
''')
    result = run_child()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([
        "*expected output is not a subset of the actual output:*",
        '*$.country: expected "France", got "Germany"*',
        "*diff (expected -> actual*",
        '*-  "country": "France",*',
        '*+  "country": "Germany",*',
        "*artifacts: *timeline.json*",
    ])
    assert "the body must not run" not in result.stdout.str()


def test_failed_task_names_the_step(pytester: pytest.Pytester, run_child: RunChild) -> None:
    pytester.makepyfile(test_fail='''
import pytest

@pytest.mark.skyvern(prompt="Click 'No such button anywhere'", url="/form")
def test_cannot():
    pass
''')
    result = run_child()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([
        "*the run ended 'failed', expected 'completed'*",
        "*failed step: #*",
    ])


@pytest.mark.parametrize(("marker", "message"), [
    ('prompt="x", promt="y"', "*unknown argument 'promt' (did you mean 'prompt'?)*"),
    ('url="/form"', "*prompt= is required*"),
    ('prompt="x", schema={"type": "nonsense"}', "*schema= is invalid: invalid JSON Schema*"),
    ('prompt="x", schema={"type": "object", "properties": {"n": {"type": "integer"}}}, '
     'expected={"n": "seven"}', "*expected= does not match schema=: n: 'seven' is not of type*"),
    ('prompt="Open {missing}"', "*placeholder {missing} is not a parameter or fixture*"),
    ('prompt="x", tolerance=-1', "*tolerance=-1 must be a number of 0 or more*"),
    ('prompt="x", engine="warp"', "*engine='warp' is not a RunEngine*"),
    ('prompt="x", max_steps=0', "*max_steps=0 must be a whole number*"),
])
def test_bad_arguments_are_collection_errors(
    pytester: pytest.Pytester, run_child: RunChild, marker: str, message: str
) -> None:
    pytester.makepyfile(test_bad=f'''
import pytest

@pytest.mark.skyvern({marker})
def test_it():
    pass

def test_other():
    pass
''')
    result = run_child()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*ERROR collecting test_bad.py*",
                                 "*In test_it: @pytest.mark.skyvern: *", message])
    # No browser was started for a marker that could never run.
    assert "Traceback" not in result.stdout.str()


def test_bad_marker_given_per_parameter_is_a_usage_error(
    pytester: pytest.Pytester, run_child: RunChild
) -> None:
    pytester.makepyfile(test_bad='''
import pytest

@pytest.mark.parametrize("x", [pytest.param(1, marks=pytest.mark.skyvern(prompt=""))])
def test_it(x):
    pass
''')
    result = run_child()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*test_it[[]1[]]: @pytest.mark.skyvern: prompt= is required*"])


def test_parametrized_prompts_fill_placeholders(pytester: pytest.Pytester,
                                                run_child: RunChild) -> None:
    pytester.makepyfile(test_param=ORDER + f'''
import pytest

@pytest.mark.parametrize("country", ["Germany", "Spain"])
@pytest.mark.skyvern(prompt={FILL!r}, url="/form", schema=ORDER,
                     expected={{"country": "{{country}}"}})
def test_country(country, skyvern_result):
    assert skyvern_result.output["country"] == country
''')
    result = run_child("-v")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["*test_country[[]*Germany[]] PASSED*",
                                 "*test_country[[]*Spain[]] PASSED*"])
