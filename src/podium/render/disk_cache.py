"""Podium's cache folder: what a build computes the same way every time, kept between runs."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile

#: The checksum in front of each kept file's data (a file cut short or altered fails it).
_CHECK = 16


def cache_folder(kind: str) -> str | None:
    """Return the folder of Podium's cache for ``kind`` ("jinja", "fonts"), made if missing;
    None when caching is off or the folder cannot be made.

    ``$XDG_CACHE_HOME/podium/<kind>``, else ``~/.cache/podium/<kind>``; ``PODIUM_CACHE=off``
    turns every cache off.
    """
    if os.environ.get("PODIUM_CACHE", "").lower() in ("0", "off", "no"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = os.path.join(base, "podium", kind)
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
    except OSError:
        return None
    return folder


def read(folder: str, key: str) -> bytes | None:
    """Return the data kept under ``key``, or None when there is none or it fails its
    checksum."""
    try:
        with open(os.path.join(folder, key), "rb") as fh:
            kept = fh.read()
    except OSError:
        return None
    check, data = kept[:_CHECK], kept[_CHECK:]
    if len(check) < _CHECK or hashlib.blake2b(data, digest_size=_CHECK).digest() != check:
        return None
    return data


def write(folder: str, key: str, data: bytes) -> None:
    """Keep ``data`` under ``key``, written whole to a temporary file and then renamed, so a
    reader never sees part of it; a cache that cannot be written is left as it is."""
    check = hashlib.blake2b(data, digest_size=_CHECK).digest()
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{key}.", suffix=".tmp", dir=folder)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(check + data)
        os.replace(tmp, os.path.join(folder, key))
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
