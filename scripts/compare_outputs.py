"""Compare what Podium writes at another commit with what the working tree writes.

For refactors that must not change behaviour: the seed deck, the every-layout test deck and
the example decks are built, and a .pptx Podium wrote, the reference template, a Pandoc-made
.pptx (when pandoc is installed) and the two Markdown test decks are imported and built again,
once with the sources of REV and once with the working tree's, with the same Python. Every
file written is compared by its SHA-256; the differing ones are listed (exit 1).

    python scripts/compare_outputs.py            # against HEAD
    python scripts/compare_outputs.py d5dfcda
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DECKS = ["deck.yaml", "tests/data/every-layout.yaml", "examples/layouts.yaml",
         "examples/formulas/deck.yaml"]  # fmt: skip
IMPORTS = ["tests/data/human-security.pandoc.md", "tests/data/human-security.marp.md"]


def podium(tree: Path, *args: str, cwd: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(tree / "src"), "PODIUM_CACHE": "off"}
    subprocess.run([sys.executable, "-m", "podium", *args], cwd=cwd, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)  # fmt: skip


def outputs(tree: Path, out: Path, extra: list[Path]) -> dict[str, str]:
    """Build and import everything with ``tree``'s sources into ``out``; return path -> hash."""
    for n, deck in enumerate(DECKS):
        podium(tree, "build", str(tree / deck), "-o", str(out / f"build{n}"), cwd=tree)
    imports = out / "import"
    imports.mkdir(parents=True)
    sources = [tree / s for s in IMPORTS] + [tree / "templates" / "reference.pptx"]
    if (out / "build0" / "deck.pptx").is_file():
        sources.append(out / "build0" / "deck.pptx")
    sources += extra
    for n, source in enumerate(sources):
        local = imports / f"source{n}{source.suffix}"
        if source != local:
            shutil.copyfile(source, local)
        podium(tree, "import", local.name, "-o", f"deck{n}.yaml", cwd=imports)
        if (imports / f"deck{n}.yaml").is_file():
            podium(tree, "build", f"deck{n}.yaml", "-o", f"build{n}", cwd=imports)
    return {
        str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rev", nargs="?", default="HEAD", help="the commit to compare against")
    rev = parser.parse_args().rev
    with tempfile.TemporaryDirectory(prefix="podium-compare-") as tmp:
        extra = []  # a .pptx another tool wrote, the same input for both
        pandoc = shutil.which("pandoc")
        if pandoc:
            made = Path(tmp) / "pandoc-made.pptx"
            source = str(ROOT / IMPORTS[0])
            subprocess.run([pandoc, source, "-o", str(made)], check=False)
            extra = [made] if made.is_file() else []
        base = Path(tmp) / "base"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(base),
                        rev], check=True)  # fmt: skip
        try:
            before = outputs(base, Path(tmp) / "before", extra)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base)],
                           check=False)  # fmt: skip
        after = outputs(ROOT, Path(tmp) / "after", extra)
    differ = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    for name in differ:
        print(f"differs: {name}")
    print(f"{len(after)} files written, {len(differ)} differ from {rev}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
