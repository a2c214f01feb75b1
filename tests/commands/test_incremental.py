"""The preview's incremental rebuild gives the bytes of a full build, edit after edit, and says
which slides changed."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from podium.commands.build import load_plan
from podium.commands.incremental import Incremental
from podium.commands.live import LiveDeck, render_html

DATA = Path(__file__).resolve().parents[1] / "data"
ROOT = Path(__file__).resolve().parents[2]


def script(generation: int) -> str:
    return f"/* live {generation} */"


def full_html(live: LiveDeck, generation: int) -> bytes:
    plan = load_plan(live.deck, live.name, variant=live.variant)
    return render_html(plan, script(generation)).encode("utf-8")


def rebuild_same(live: LiveDeck) -> None:
    """Rebuild the live deck; assert its page is a full build's and its changes replay."""
    before = live.snapshot
    outcome = live.rebuild()
    assert outcome.ok, outcome.problems
    after = live.snapshot
    assert after.html == full_html(live, outcome.generation)
    if before.page is None or after.page is None:
        return
    changes = live.changes(before.html_generation)
    assert changes is not None
    slides = list(before.page.slides[: changes["count"]])
    for index, html in changes["slides"]:
        if index < len(slides):
            assert slides[index] != html
            slides[index] = html
        else:
            assert index == len(slides)
            slides.append(html)
    assert tuple(slides) == after.page.slides
    assert (changes["frame"] is None) == (before.page.key == after.page.key)


def edit(path: Path, change: Callable[[str], str]) -> None:
    text = path.read_text(encoding="utf-8")
    changed = change(text)
    assert changed != text, "the edit changed nothing"
    path.write_text(changed, encoding="utf-8")


def replace(old: str, new: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return change


@pytest.fixture
def every_layout(tmp_path: Path) -> Path:
    text = (DATA / "every-layout.yaml").read_text(encoding="utf-8")
    for name in ("map.png",):
        shutil.copy(DATA / name, tmp_path / name)
    deck = tmp_path / "deck.yaml"
    deck.write_text(text, encoding="utf-8")
    return deck


EDITS = {
    "title": replace("title: Sources", "title: Sources and witnesses"),
    "bullet": replace("- Deep, narrow", "- Deep, narrow, slow"),
    "bullet added": replace("- Deep, narrow", "- Deep, narrow\n          - One more point"),
    "notes": replace("Start with the question", "Begin with the question"),
    "section renamed": replace("section: Evidence", "section: Evidence and proof"),
    "deck title": replace("title: Field Methods\n", "title: Field Methods, revised\n"),
    "footer": replace("footer: Field Methods — Seminar", "footer: Seminar ∑ Ω"),
    "numbered sections": replace("lang: en-GB\n", "lang: en-GB\nsection_titles: numbered\n"),
    "slide inserted": replace(
        "  - layout: agenda\n", "  - layout: agenda\n\n  - title: New\n    bullets: [fresh]\n"
    ),
    "slide deleted": replace("  - layout: agenda\n", ""),
    "hidden shown": replace("hidden: true", "hidden: false"),
    "id added": replace(
        "      - title: Sources and witnesses\n",
        "      - title: Sources and witnesses\n        id: sources\n",
    ),
    "fit split": replace("lang: en-GB\n", "lang: en-GB\nfit: split\n"),
    "formula": replace("- Qualitative", "- Qualitative $x^2$"),
    "cjk text": replace("- Quantitative", "- Quantitative 日本語"),
    "slide numbers off": replace("lang: en-GB\n", "lang: en-GB\nslide_numbers: false\n"),
}


def test_incremental_named_edits_give_a_full_builds_bytes(every_layout: Path) -> None:
    live = LiveDeck(every_layout, name="deck.yaml", live_script=script)
    rebuild_same(live)
    for name, change in EDITS.items():
        edit(every_layout, change)
        try:
            rebuild_same(live)
        except AssertionError as exc:
            raise AssertionError(f"after the edit '{name}': {exc}") from exc


def test_incremental_edit_sends_only_the_changed_slide(every_layout: Path) -> None:
    live = LiveDeck(every_layout, name="deck.yaml", live_script=script)
    first = live.rebuild()
    edit(every_layout, replace("- Deep, narrow", "- Deep, narrow, slow"))
    live.rebuild()
    changes = live.changes(first.generation)
    assert changes is not None
    assert [index for index, _html in changes["slides"]] == [4]
    assert "Deep, narrow, slow" in changes["slides"][0][1]
    assert changes["frame"] is None
    assert changes["count"] == len(live.snapshot.page.slides)  # type: ignore[union-attr]
    assert live.changes(first.generation - 1) is None  # never built: the page reloads whole


def test_incremental_picture_changed_on_disk(every_layout: Path) -> None:
    from PIL import Image

    live = LiveDeck(every_layout, name="deck.yaml", live_script=script)
    rebuild_same(live)
    Image.new("RGB", (64, 48), (200, 30, 30)).save(every_layout.parent / "map.png")
    assert live.changed([every_layout.parent / "map.png"], now=0.0)
    rebuild_same(live)


def slide_text(slide: dict[str, str]) -> str:
    """Return one generated slide as deck text (a section holding it when it names one)."""
    indent = "      " if slide.get("section") else "  "
    lines = [f"{indent}- title: {json.dumps(slide['title'])}"]
    if slide.get("id"):
        lines.append(f"{indent}  id: {slide['id']}")
    lines.append(f"{indent}  bullets:")
    lines += [f"{indent}    - {json.dumps(b)}" for b in slide["bullets"].split("|")]
    if slide.get("section"):
        lines = [f"  - section: {slide['section']}", "    slides:", *lines]
    return "\n".join(lines) + "\n"


SLIDE_EDITS = st.tuples(
    st.sampled_from(["title", "bullet", "insert", "delete", "move", "id", "section", "header"]),
    st.integers(0, 11),
    st.text("abc xyz*$~", max_size=8),
)


@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(edits=st.lists(SLIDE_EDITS, min_size=1, max_size=6))
def test_incremental_any_edits_give_a_full_builds_bytes(
    tmp_path_factory: pytest.TempPathFactory, edits: list[tuple[str, int, str]]
) -> None:
    deck = tmp_path_factory.mktemp("deck") / "deck.yaml"
    settings_ = {"section_titles": "plain"}
    slides = [{"title": f"Slide {i}", "bullets": f"Point {i}"} for i in range(8)]

    def write() -> None:
        titles = settings_["section_titles"]
        head = f"title: Generated\nfooter: A footer\nsection_titles: {titles}\n"
        deck.write_text(head + "slides:\n" + "".join(map(slide_text, slides)), encoding="utf-8")

    write()
    live = LiveDeck(deck, name="deck.yaml", live_script=script)
    rebuild_same(live)
    for serial, (kind, at, value) in enumerate(edits):
        at %= len(slides)
        slide = slides[at]
        if kind == "title":
            slide["title"] += value or "!"
        elif kind == "bullet":
            slide["bullets"] += "|" + (value or "more")
        elif kind == "insert":
            slides.insert(at, {"title": f"Inserted {serial}", "bullets": "new"})
        elif kind == "delete" and len(slides) > 1:
            del slides[at]
        elif kind == "move":
            slides.append(slides.pop(at))
        elif kind == "id":
            slide["id"] = f"s{serial}"
        elif kind == "section":
            slide["section"] = "One" if slide.get("section") != "One" else "Two"
        else:
            numbered = settings_["section_titles"] == "numbered"
            settings_["section_titles"] = "plain" if numbered else "numbered"
        write()
        rebuild_same(live)


def test_incremental_seed_deck(tmp_path: Path) -> None:
    deck = tmp_path / "deck.yaml"
    shutil.copy(ROOT / "deck.yaml", deck)
    live = LiveDeck(deck, name="deck.yaml", live_script=script)
    rebuild_same(live)
    edit(deck, replace("Unlocking the potential", "Unlocking the real potential"))
    rebuild_same(live)


def load_same(memo: Incremental, path: Path) -> bool:
    """Read ``path`` through ``memo``; assert it reads as validate.load does; return whether
    it was read in parts."""
    from podium.load.validate import load

    parted = memo._reading is not None  # noqa: SLF001
    got = memo.load(path, "deck.yaml")
    whole = load(path, "deck.yaml")
    assert got is not None
    assert got.deck == whole.deck
    assert got.locations.root == whole.locations.root
    assert got.locations.values == whole.locations.values
    assert got.locations.keys == whole.locations.keys
    assert got.source.lines == whole.source.lines
    return parted


def test_incremental_reading_in_parts_equals_a_whole_reading(every_layout: Path) -> None:
    memo = Incremental()
    assert not load_same(memo, every_layout)
    parted = []
    for change in EDITS.values():
        edit(every_layout, change)
        parted.append(load_same(memo, every_layout))
    assert sum(parted) >= len(EDITS) // 2  # deck settings changed: read whole


@pytest.mark.parametrize(
    ("text", "cuts"),
    [
        ("title: T\nslides:\n  - title: A\n  - title: B\n", 2),
        ("title: T\nslides:\n- title: A\n  bullets: [x]\n- title: B\nfooter: F\n", 2),
        ("title: T\nslides:\n  # first\n  - title: A\n\n  # second\n  - title: B\n", 2),
        ("title: T\nslides: [{title: A}]\n", None),
        ("title: T\nslides:\n  - &a {title: A}\n  - *a\n", None),
        ("---\ntitle: T\nslides:\n  - title: A\n", None),
        ("title: T\nslides:\n\t- title: A\n", None),
        ("title: T\r\nslides:\r\n  - title: A\r\n", None),
        ("title: T\nslides:\n  - title: A\n slides: x\n", None),
    ],
)
def test_cut_at_top_level_slides(text: str, cuts: int | None) -> None:
    from podium.load.chunks import cut

    found = cut(text)
    if cuts is None:
        assert found is None
        return
    assert found is not None
    assert len(found.items) == cuts
    assert found.head + "".join(t for _n, t in found.items) + found.tail == text
    for before, part in found.items:
        assert text.split("\n")[before] == part.split("\n")[0]


def test_incremental_broken_edit_reports_as_a_whole_build(every_layout: Path) -> None:
    from podium.errors import DeckError

    live = LiveDeck(every_layout, name="deck.yaml", live_script=script)
    rebuild_same(live)
    for broken in ("- Deep, narrow\n          - [x", "layout: bulets"):
        text = every_layout.read_text(encoding="utf-8")
        old = "- Deep, narrow" if broken.startswith("-") else "layout: table"
        every_layout.write_text(text.replace(old, broken, 1), encoding="utf-8")
        outcome = live.rebuild()
        with pytest.raises(DeckError) as whole:
            load_plan(every_layout, "deck.yaml")
        assert outcome.problems == whole.value.report()
        every_layout.write_text(text, encoding="utf-8")
        rebuild_same(live)


def test_placed_at_is_dataclasses_replace(every_layout: Path) -> None:
    # a moved slide's plan and pieces are copies at their new place, as replace() makes them
    import dataclasses

    from podium.errors import Location
    from podium.plan.types import placed_at

    plan = load_plan(every_layout, "deck.yaml")
    loc = Location("deck.yaml", 99, 3)
    for slide in plan.slides:
        for at in (loc, None):
            moved = placed_at(slide, at)
            assert moved == dataclasses.replace(slide, loc=at)
            assert hash(moved) == hash(dataclasses.replace(slide, loc=at))
            assert moved.loc == at and slide.loc != at
            assert all(getattr(moved, f.name) is getattr(slide, f.name)
                       for f in dataclasses.fields(slide) if f.name != "loc")  # fmt: skip
