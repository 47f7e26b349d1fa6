"""Alert channels (plugins): one module per channel."""
