"""Pure logic of the protection module: no Django imports, tested without a database."""
