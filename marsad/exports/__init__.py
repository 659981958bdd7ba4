"""Exports for other tools: GEXF for Gephi, iCalendar for calendar apps, PLOVER-style JSON for event-data users.

Each one is built from the store alone (like :mod:`marsad.export`), so the CLI, the API and the page agree.
"""
