"""`parity worker`: the background worker that runs uploaded imports (huey's consumer).

With the default SQLite queue, `parity serve` starts one itself; with Redis (the production
profile) run it as its own service, as many as you like. Takes huey's options (`--workers N`).
"""

from __future__ import annotations

from huey.contrib.djhuey.management.commands.run_huey import Command as RunHuey


class Command(RunHuey):
    help = "Run the background worker that imports uploaded files (huey consumer)."
