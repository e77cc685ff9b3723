from django.db import models


class DataGeneration(models.Model):
    """One row: a number that moves after every committed write to the aid data.

    Cached pages are keyed by it (``parity.pagekit.freshness``), so a page rendered before a change
    is never served after it.
    """

    number = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="one_generation")]

    def __str__(self) -> str:
        return f"data generation {self.number}"
