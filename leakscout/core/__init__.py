"""Core: configuration, errors, time, vocabularies and the watchlist. Imports nothing of the product above it."""
