"""Web: base templates, static files, the home page and shared page helpers."""
