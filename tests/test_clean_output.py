"""A newcomer's first run prints no deprecation warnings of ours or our dependencies'."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

CHILD = """
async def test_page(page, base_url):
    assert base_url == "http://127.0.0.1:9/app"
    await page.set_content("<p>hi</p>")
"""


@pytest.mark.parametrize("how", ["cli", "ini"])
def test_no_base_url_deprecation_and_base_url_still_set(pytester: pytest.Pytester, how: str
                                                        ) -> None:
    pytester.makepyfile(test_child=CHILD)
    args = ["-p", "no:cacheprovider", "-W", "error::pytest.PytestRemovedIn10Warning"]
    if how == "cli":
        args.append("--base-url=http://127.0.0.1:9/app")
    else:
        pytester.makeini("[pytest]\nbase_url = http://127.0.0.1:9/app\n")
    result = pytester.runpytest_subprocess(*args)
    result.assert_outcomes(passed=1)
    assert "PytestRemovedIn10Warning" not in result.stdout.str()


def test_a_conftest_base_url_still_wins(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        "import pytest\n\n@pytest.fixture(scope='session')\n"
        "def base_url():\n    return 'http://127.0.0.1:9/app'\n")
    pytester.makepyfile(test_child=CHILD)
    pytester.runpytest_subprocess("-p", "no:cacheprovider",
                                  "--base-url=http://127.0.0.1:9/other").assert_outcomes(passed=1)


def test_the_license_is_an_spdx_string() -> None:
    # A TOML table makes setuptools print a deprecation at every install.
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "MIT"
