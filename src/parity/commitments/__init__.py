"""Commitments: frameworks and pillars, events, pledges and their targets."""
