"""Pure-Python gazetteer core: no Django imports anywhere below this package."""
