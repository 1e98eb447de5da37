"""The user-facing error tree.

Every error a user can cause is a :class:`CheckerError`; the CLI turns it into one line on
stderr and exit code 2. Anything else escaping the library is a bug.

    CheckerError
    └── BadInput             a file, folder, manifest or option the user gave is unusable
        ├── UnreadableFile   missing, a directory where a file was expected, or binary
        ├── UndecodableText  neither UTF-8 nor GB18030
        ├── BadManifest      manifest.csv names a missing file, an unknown kind, …
        └── BadConfig        --config TOML with unknown keys or wrong types
"""

from __future__ import annotations

from pathlib import Path


class CheckerError(Exception):
    """Base of every error the user can act on."""


class BadInput(CheckerError):
    """An input the user named is unusable. ``str(err)`` is the one-line message."""

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class UnreadableFile(BadInput):
    pass


class UndecodableText(BadInput):
    pass


class BadManifest(BadInput):
    pass


class BadConfig(BadInput):
    pass


def read_option_file(path: Path, error: type[BadInput]) -> str:
    """The text of a file an option names (--config, --baseline, --waivers), or ``error``
    saying in one line why it cannot be read."""
    try:
        return path.read_text("utf-8")
    except FileNotFoundError:
        raise error(str(path), "no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error(str(path), f"cannot read ({exc})") from None
