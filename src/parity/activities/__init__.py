"""Activities: IATI activities and their parts, loaders and selectors."""
