"""One module per command group; leakscout.cli puts them together."""
