"""Tests of the ``pytest-skyvern`` command (helpers in ``cli_helpers``)."""
