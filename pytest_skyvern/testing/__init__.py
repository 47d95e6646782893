"""Test helpers shipped with pytest-skyvern (import the modules; nothing loads on its own)."""
