"""Offline build scripts for the named-entity model's resources (word clusters); not imported at run time."""
