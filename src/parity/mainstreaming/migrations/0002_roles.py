"""The four roles of gender reviews as Django groups (see parity.roles)."""

from django.db import migrations

ROLES = ("viewer", "editor", "reviewer", "administrator")


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def remove_roles(apps, schema_editor):
    # Groups may hold members and other permissions by now: leave them in place.
    pass


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("mainstreaming", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
