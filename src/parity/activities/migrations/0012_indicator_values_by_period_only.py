"""Drop the index of indicator values by (kind, sex).

No query needs it: values are read by period (the pledge outputs, the activity page, the IATI
export). It misled SQLite's planner instead: for the actual values of a pledge's few indicators
it walked the index's million "actual" entries rather than the periods' (0.56 s against 1 ms
at 100,000 activities). And an import wrote it for every target and actual, a third of all
the rows it writes (docs/performance.md, "Issue 16, twelfth session").
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0011_fk_indexes_served_by_composites"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="indicatorvalue",
            name="activities__kind_9d7115_idx",
        ),
    ]
