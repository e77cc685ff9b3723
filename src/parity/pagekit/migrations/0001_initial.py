from django.db import migrations, models


def create_row(apps, schema_editor):
    from parity.pagekit.freshness import clock_start

    apps.get_model("web", "DataGeneration").objects.get_or_create(
        pk=1, defaults={"number": clock_start()}
    )


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="DataGeneration",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.BigIntegerField(default=0)),
            ],
            options={
                "constraints": [
                    models.CheckConstraint(condition=models.Q(pk=1), name="one_generation")
                ],
            },
        ),
        migrations.RunPython(create_row, migrations.RunPython.noop),
    ]
