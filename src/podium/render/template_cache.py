"""The built-in HTML templates, compiled once and kept in the user's cache folder."""

from __future__ import annotations

import contextlib

import jinja2

from podium.render.disk_cache import cache_folder


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
    """Return the cache of compiled templates in the user's cache folder (None: no such folder,
    or ``PODIUM_CACHE=off``)."""
    folder = cache_folder("jinja")
    return None if folder is None else _CompiledTemplates(folder)
