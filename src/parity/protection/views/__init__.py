"""Views by subject: parse input, call one service or selector, render. Every case goes through
``services.open_case`` (the single access function); refusals become 404, 403 or a page that
says why (status 400). ``common`` holds what they share; ``auth`` the second factor and
re-authentication."""
