"""A pledge's progress from the database, with the evidence behind every figure.

The arithmetic is ``parity.progress``; this package only chooses and reads the rows:

- ``pledge``: the orchestrator, one pledge's scope, money and outputs (``pledge_report``);
- ``money`` and ``money_rows``: the money figure, and the transactions it is made of;
- ``outputs``: output targets from indicator actuals;
- ``evidence``: the rows a page or an export shows behind a figure.
"""
