"""Line breaking: the words a paragraph is cut into, at the breaks the rules allow."""

from __future__ import annotations

import random

from podium.plan import breaking
from podium.plan.breaking import may_break, word_ends
from podium.plan.markup import Run

TEXTS = [
    "Point 1 of slide 5, a line of ordinary lecture text",
    "  leading spaces and trailing  ",
    "well-known state-of-the-art a—b c – d “quoted” (parens) [brackets]",
    "tabs\tand  double  spaces",
    "Supercalifragilisticexpialidocious",
    "- -- — —— a-",
    "人間の安全保障（Human Security）は、1994年に「広く」知られた。",
    "日本語\u3000全角スペース、ーっゃ—ダッシュ-ハイフン",
    "한국어 텍스트와 漢字",
    "",
]


def _random_text(rnd: random.Random) -> str:
    alphabet = (
        "abcXYZ019  \t-\u2010\u2013\u2014,.;()\"'\u201c\u201d\u00a0é日本語、。「」（）ー\u3000っ한"
    )
    return "".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 30)))


def test_breaking_word_ends_are_every_break_the_rule_allows() -> None:
    rnd = random.Random(6)
    for text in [t for t in TEXTS if t] + [_random_text(rnd) for _ in range(2000)]:
        last = len(text) - 1
        every = [i for i in range(len(text)) if i == last or may_break(text, i)]
        assert word_ends(text) == every, text


def test_breaking_words_keep_every_character_in_pieces_of_one_font() -> None:
    rnd = random.Random(7)
    for _ in range(300):
        runs = tuple(
            Run(_random_text(rnd) + rnd.choice(["", "\n", "\v"]), bold=rnd.random() < 0.3)
            for _ in range(rnd.randint(1, 4))
        )
        lines = breaking.words(runs, False, 0.25)
        text = "".join(run.text for run in runs).replace("\v", "\n")
        assert "\n".join("".join(p[0] for w in line for p in w) for line in lines) == text
        for line in lines:
            for word in line:
                fonts = [p[1] for p in word]
                assert all(a != b for a, b in zip(fonts, fonts[1:], strict=False)), word
