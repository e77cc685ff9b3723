"""Parity: planning, tracking and evaluating international cooperation for gender equality."""

__version__ = "0.1.0"
