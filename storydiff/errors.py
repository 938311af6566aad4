"""Errors with one-line messages that the CLI prints without a traceback."""

from __future__ import annotations


class StorydiffError(Exception):
    """A problem with the user's input or setup; ``str(err)`` is one readable line."""

    exit_code = 2


class InputError(StorydiffError):
    """An input could not be read or holds no usable article."""


class NotInstalled(StorydiffError):
    """An optional dependency is missing; the message names the extra to install."""

    exit_code = 3

    def __init__(self, module: str, extra: str) -> None:
        super().__init__(
            f"this feature needs the '{module}' package: pip install 'storydiff[{extra}]'"
        )
        self.module = module
        self.extra = extra
