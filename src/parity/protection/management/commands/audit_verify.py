"""parity audit-verify: recompute the protection audit log's hash chain."""

from django.core.management.base import BaseCommand, CommandError

from parity.protection import audit
from parity.protection.models import AuditHead


class Command(BaseCommand):
    help = "Check the protection audit log: an edited or deleted entry breaks the hash chain."

    def handle(self, *args, **options) -> None:
        count, broken = audit.verify()
        if broken is not None:
            audit.record(None, "audit.verify", "", audit.REFUSED, f"broken at {broken.seq}")
            raise CommandError(f"Audit log broken at entry {broken.seq}: {broken.problem}.")
        head = AuditHead.objects.filter(pk=1).first()
        last = head.hash if head else "-"
        self.stdout.write(f"Audit log intact: {count} entries; last hash {last}")
