"""Home-page items (filled below)."""
