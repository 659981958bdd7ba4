"""The HTTP API and the analysts' web page over a knowledge base (``marsad serve``)."""
