"""Kharita's Django project and its incidents/maps app."""
