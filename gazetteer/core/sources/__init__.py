"""Readers that turn gazetteer data files into PlaceRecords, one module per format (pure, no Django)."""
