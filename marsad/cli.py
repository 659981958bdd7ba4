"""The ``marsad`` command.

Each command lives in its own module under :mod:`marsad.commands` and exposes ``register(app)``; this module only
collects them, so adding a command never touches another one.
"""

from __future__ import annotations

import importlib
import pkgutil

import typer

import marsad.commands

app = typer.Typer(
    name="marsad",
    help="Marsad: Arabic news on economic diplomacy turned into a knowledge base of events.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for _info in sorted(pkgutil.iter_modules(marsad.commands.__path__), key=lambda m: m.name):
    _module = importlib.import_module(f"marsad.commands.{_info.name}")
    _module.register(app)


if __name__ == "__main__":
    app()
