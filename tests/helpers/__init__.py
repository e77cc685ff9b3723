"""Helpers shared by tests in several folders, one idea to a module."""
