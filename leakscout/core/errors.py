"""Errors the command line turns into exit codes (docs/contracts.md §1: 2 bad usage/input, 1 anything else)."""


class LeakscoutError(Exception):
    """An operational failure with a one-line, actionable message (exit code 1)."""

    exit_code = 1


class BadInput(LeakscoutError):
    """The user gave us something we cannot use (exit code 2)."""

    exit_code = 2
