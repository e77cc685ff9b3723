"""Pure IATI support: the activity data model, reading, writing and codelists (no Django)."""
