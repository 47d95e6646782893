"""The reporter's settings, read through ``Settings``.

Its options are declared once, in ``config.OPTIONS`` (``screenshots``, ``video_route``,
``report_dir``), and registered by ``pytest_skyvern.plugin``. Without that plugin's
``Settings``, ``ReportSettings.from_config`` resolves the same specs the same way
(CLI > ini > env > default).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import pytest

from pytest_skyvern.config import SETTINGS_KEY, SPECS, OptionSpec
from pytest_skyvern.errors import ConfigurationError

#: The reporter's options: entries of the one options table, ``config.OPTIONS``.
REPORT_OPTIONS: tuple[OptionSpec, ...] = (SPECS["screenshots"], SPECS["video_route"])
SCREENSHOT_MODES = REPORT_OPTIONS[0].choices
VIDEO_ROUTES = REPORT_OPTIONS[1].choices


@dataclass(frozen=True)
class ReportSettings:
    """The reporter's effective options."""

    screenshots: str = "all"
    video_route: str = "auto"
    report_dir: str = "skyvern-report"

    @classmethod
    def from_config(cls, config: pytest.Config) -> ReportSettings:
        """Read from ``Settings`` when wired there, else from our own flags/ini/env."""
        settings = config.stash.get(SETTINGS_KEY, None)
        report_dir = settings.report_dir if settings is not None else "skyvern-report"
        values: dict[str, str] = {}
        for spec in REPORT_OPTIONS:
            wired = getattr(settings, spec.name, None) if settings is not None else None
            values[spec.name] = str(wired) if wired is not None else _resolve(config, spec)
        return cls(report_dir=report_dir, **values)


def _resolve(config: pytest.Config, spec: OptionSpec) -> str:
    cli = config.getoption(spec.dest, default=None)
    try:
        ini = config.getini(spec.ini)
    except ValueError:  # not registered: the reporter was loaded without add_options
        ini = None
    raw = next((v for v in (cli, ini, os.environ.get(spec.env)) if v), None)
    if raw is None:
        return str(spec.default)
    text = str(raw).strip()
    if text not in spec.choices:
        raise ConfigurationError(
            f"{spec.flag}: invalid value {raw!r}. Valid values: {', '.join(spec.choices)}."
        )
    return text


def add_options(group: pytest.OptionGroup, parser: pytest.Parser) -> None:
    """Register the reporter's flags and ini keys, unless ``pytest_skyvern.plugin`` does
    (it registers every option of ``config.OPTIONS``, these included)."""
    for spec in REPORT_OPTIONS:
        if spec.name in SPECS:
            continue
        group.addoption(spec.flag, dest=spec.dest, default=None,
                        help=f"{spec.help} [ini {spec.ini}, env {spec.env}; default "
                             f"{spec.default}] One of: {', '.join(spec.choices)}.")
        parser.addini(spec.ini, help=spec.help, default=None)

