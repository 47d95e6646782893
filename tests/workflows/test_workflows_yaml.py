"""YAML workflow tests: collection, ids, loops, templating, expected output, errors."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable

import pytest

RunChild = Callable[..., pytest.RunResult]

WORKFLOW = textwrap.dedent("""
title: Orders
workflow_definition:
  parameters:
    - key: name
      parameter_type: workflow
      workflow_parameter_type: string
    - key: countries
      parameter_type: workflow
      workflow_parameter_type: json
      default_value: ["Germany"]
  blocks:
    - block_type: for_loop
      label: orders
      loop_over: countries
      loop_blocks:
        - block_type: goto_url
          label: open_form
          url: "/form"
        - block_type: action
          label: fill
          navigation_goal: >-
            Type '{{ name }}' into Full name, then type 'x@example.com' into Email,
            then select '{{ current_value }}' from Country, then click 'Submit order'
        - block_type: extraction
          label: summary
          data_extraction_goal: full name, email, country and shipping
          data_schema:
            type: object
            properties:
              full_name: {type: string}
              email: {type: string}
              country: {type: string}
              shipping: {type: string}
            required: [full_name, country]
    - block_type: text_prompt
      label: never_reached_without_llm
      prompt: "Say hi to {{ name }} from {{ orders_output[0].summary.country }}"
      continue_on_failure: true
tests:
  - id: ada-two-countries
    parameters: {name: Ada, countries: ["Germany", "Spain"]}
    expected:
      orders:
        - summary: {full_name: Ada, country: Germany}
        - summary: {full_name: ada, country: spain}
    ignore_case: true
  - parameters: {name: Grace}
    expected:
      orders: [{summary: {country: Germany, shipping: Standard}}]
""")


def test_yaml_cases_run_with_loops_and_templates(pytester: pytest.Pytester,
                                                 run_child: RunChild) -> None:
    pytester.makefile(".yaml", test_orders=WORKFLOW)
    result = run_child("-v")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines([
        "*test_orders.yaml::ada-two-countries*PASSED*",
        "*test_orders.yaml::Grace*PASSED*",
    ])


def test_a_block_per_step_in_the_timeline(pytester: pytest.Pytester,
                                          run_child: RunChild) -> None:
    pytester.makefile(".yaml", test_orders=WORKFLOW)
    run_child("-k", "Grace").assert_outcomes(passed=1)
    import json

    (timeline,) = pytester.path.glob("test-results/*grace*/timeline.json")
    steps = json.loads(timeline.read_text())["steps"]
    blocks = [s["instruction"] for s in steps if s["kind"] == "block"]
    assert blocks == ["for_loop orders", "goto_url open_form", "action fill",
                      "extraction summary", "text_prompt never_reached_without_llm"]


def test_expected_mismatch_fails_with_diff(pytester: pytest.Pytester,
                                           run_child: RunChild) -> None:
    pytester.makefile(".skyvern.yaml", orders=WORKFLOW.replace(
        "{country: Germany, shipping: Standard}", "{country: France}"))
    result = run_child("-k", "Grace")
    result.assert_outcomes(failed=1, deselected=1)
    result.stdout.fnmatch_lines([
        "*workflow 'Orders' case 'Grace': expected output is not a subset*",
        '*$.orders[[]0[]].summary.country: expected "France", got "Germany"*',
        "*artifacts: *",
    ])


def test_a_failing_block_is_named(pytester: pytest.Pytester, run_child: RunChild) -> None:
    pytester.makefile(".yaml", test_fail=textwrap.dedent("""
        title: Broken
        workflow_definition:
          blocks:
            - block_type: goto_url
              label: open
              url: /form
            - block_type: action
              label: press
              navigation_goal: Click 'There is no such button'
        """))
    result = run_child()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([
        "*the run ended 'failed', expected 'completed': block 'press' (action):*",
        "*failed step: #*",
    ])


@pytest.mark.parametrize(("text", "line", "message"), [
    ("title: T\nworkflow_definition:\n  blocks:\n    - block_type: goto_url\n"
     "      label: a\n      urll: /x\n      url: /y\n",
     6, "workflow_definition.blocks[0].urll: unknown field*"),
    ("title: T\nworkflow_definition:\n  blocks:\n    - block_type: teleport\n      label: a\n",
     4, "workflow_definition.blocks[0].block_type: unknown block_type 'teleport'; supported: "
        "task, navigation*"),
    ("title: T\nworkflow_definition:\n  blocks:\n    - block_type: goto_url\n      label: a\n"
     "      url: '{{ nope }}'\n", 6,
     "workflow_definition.blocks[0].url: uses undefined variable(s) nope*"),
    ("title: T\nworkflow_definition:\n  blocks:\n    - block_type: wait\n      label: a\n"
     "      wait_sec: soon\n", 6, "workflow_definition.blocks[0].wait_sec: Input should be*"),
    ("title: T\nworkflow_definition:\n  blocks:\n    - block_type: wait\n      label: a\n"
     "tests:\n  - parameters: {x: 1}\n", 7, "tests[0].parameters.x: 'x' is not a parameter*"),
    ("title: T\nworkflow_definition:\n  blocks:\n    - block_type: wait\n  label: a\n",
     4, "workflow_definition.blocks[0].label: required field is missing*"),
    ("title: T\nworkflow_definition: [unclosed\n", 2, "not valid YAML*"),
])
def test_schema_errors_name_file_line_and_field(
    pytester: pytest.Pytester, run_child: RunChild, text: str, line: int, message: str
) -> None:
    pytester.makefile(".yaml", test_bad=text)
    result = run_child()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*ERROR collecting test_bad.yaml*",
                                 f"test_bad.yaml:{line}: {_literal_brackets(message)}"])
    assert "Traceback" not in result.stdout.str()


def _literal_brackets(pattern: str) -> str:
    return re.sub(r"[][]", lambda m: f"[{m.group()}]", pattern)


def test_other_yaml_files_are_not_collected(pytester: pytest.Pytester,
                                            run_child: RunChild) -> None:
    pytester.makefile(".yaml", config="title: not a test\n")
    result = run_child()
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED
