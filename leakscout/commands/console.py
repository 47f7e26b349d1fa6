"""The consoles every command prints to: results on stdout, progress and errors on stderr."""
from rich.console import Console

err = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)
