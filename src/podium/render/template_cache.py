"""The built-in HTML templates, compiled once and kept in the user's cache folder."""

from __future__ import annotations

import contextlib
import os

import jinja2


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Compiled built-in templates kept between runs, so a cold build does not compile them.

    Jinja writes each file atomically (a temporary file, then a rename) and recompiles when a
    template's source changes (its checksum is stored with the code). The key adds what else
    the code depends on: Jinja's version and the environment's options. A cache that cannot be
    read or written is skipped: templates are then compiled as without it.
    """

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return super().get_cache_key(f"{jinja2.__version__}|{_CACHE_SALT}|{name}", filename)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # a file cut short or not Jinja's: compile the template afresh
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


#: The built-in environment's options, as part of every compiled template's cache key.
_CACHE_SALT = "autoescape|StrictUndefined|trim_blocks|lstrip_blocks|keep_trailing_newline"


def compiled_templates() -> jinja2.BytecodeCache | None:
    """Return the cache of compiled templates in the user's cache folder (None: no such folder).

    ``$XDG_CACHE_HOME/podium/jinja``, else ``~/.cache/podium/jinja``; ``PODIUM_CACHE=off`` turns
    it off.
    """
    if os.environ.get("PODIUM_CACHE", "").lower() in ("0", "off", "no"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = os.path.join(base, "podium", "jinja")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
    except OSError:
        return None
    return _CompiledTemplates(folder)
