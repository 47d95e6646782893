"""Task-level AI: the snapshot -> decide -> act -> verify loop and the verbs behind it."""
