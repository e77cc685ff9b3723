"""Mainstreaming: stage reviews, marker assessments and evidence flags on activities."""
