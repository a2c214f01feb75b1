"""Read the files a deck names: regular files only, their size checked before reading.

A FIFO, a device (``/dev/zero``) or a socket named as a deck, template or picture would block
a build forever or fill memory; a file over its limit is refused before any byte is read.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


class NotRegularFile(OSError):
    """The path names a FIFO, device, socket or folder, not a regular file."""


class FileTooLarge(OSError):
    """The file is larger than the limit for its kind."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _mb(size: int) -> str:
    return f"{size / 2**20:.1f} MB"


def read_regular(path: Path, limit: int, what: str = "file") -> bytes:
    """Return the bytes of the regular file at ``path``, at most ``limit`` of them.

    Raises FileNotFoundError, IsADirectoryError and the other OSErrors of opening it;
    NotRegularFile for anything but a regular file (never blocking on a FIFO), and FileTooLarge
    when it holds more than ``limit`` bytes (checked before reading, and again while reading, for
    a file that grows). A path with a NUL byte is not found.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except ValueError:  # embedded NUL byte: no file can have that name
        raise FileNotFoundError(errno.ENOENT, "no such file", str(path)) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder", str(path))
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(
                errno.EINVAL, f"{_kind(info.st_mode)}, not a regular file", str(path)
            )
        if info.st_size > limit:
            raise FileTooLarge(
                errno.EFBIG,
                f"the {what} is {_mb(info.st_size)}; at most {limit // 2**20} MB is accepted",
                str(path),
            )
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise FileTooLarge(
                    errno.EFBIG, f"the {what} grew past {limit // 2**20} MB while read", str(path)
                )
        return b"".join(chunks)
    finally:
        os.close(fd)


def is_regular(path: Path) -> bool:
    """Return whether ``path`` is an existing regular file (following symlinks); never raises."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False
