"""One module per ``marsad`` sub-command; each defines ``register(app: typer.Typer) -> None``."""
