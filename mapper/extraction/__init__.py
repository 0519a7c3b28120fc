"""Pure-Python incident extraction: text to ACLED-style incidents (no Django imports)."""
