"""The site: the home page, the login page and the commands that run Parity (serve, worker,
demo)."""
