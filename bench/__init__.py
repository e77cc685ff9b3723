"""Benchmarks and their data generators (see ``python -m bench --help``)."""
