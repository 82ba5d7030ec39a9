"""The dataset readers the training and benchmark scripts share, on tiny copies in each set's own format
(no ../shared needed)."""

from harbour.screening.training.data import (
    NEUTRAL_LABELS,
    NEWS_SOURCE,
    _unescape,
    cyberbullying_tweets,
    news_passages,
    split_of,
)


def test_impermium_escapes_are_undone_whether_utf8_bytes_or_latin1():
    assert _unescape(r"isn\xe2\x80\x99t it") == "isn\u2019t it"
    assert _unescape(r"your\xa0hypocrisy") == "your\xa0hypocrisy"
    # both kinds in one comment: each run of bytes on its own
    assert _unescape(r"so\xa0what \xe2\x80\x9cquote\xe2\x80\x9d") == "so\xa0what \u201cquote\u201d"
    assert _unescape(r"C\xe1c b\u1ea1n") == "C\xe1c b\u1ea1n"
    assert _unescape(r"line one\nline two") == "line one\nline two"


def test_impermium_comments_escaped_twice_are_read_too():
    assert _unescape(r"A\\xc2\\xa0majority") == "A\xa0majority"
    assert _unescape(r"He\\'s here\\n") == "He's here\n"


def test_a_stray_backslash_keeps_the_text():
    assert _unescape("a\\b") == "a\\b"
    assert _unescape("ends with \\") == "ends with \\"
    assert _unescape(r"¯\_(ツ)_/¯ \xa0") == "¯\\_(ツ)_/¯ \xa0"


def _onestop(root, article, paragraphs):
    for level in ("Adv", "Int", "Ele"):
        folder = root / "onestopenglish" / "Texts-SeparatedByReadingLevel" / f"{level}-Txt"
        folder.mkdir(parents=True, exist_ok=True)
        text = "\n".join(f"{level} {p}" for p in paragraphs) + "\n\n"
        (folder / f"{article}-{level.lower()}.txt").write_text("\ufeff" + text, encoding="utf-8")


def test_news_passages_are_one_to_four_paragraphs_grouped_by_article(tmp_path):
    _onestop(tmp_path, "Amazon", [f"Paragraph {i}." for i in range(12)])
    _onestop(tmp_path, "Zoo-story", ["Only one paragraph."])
    # the copy has a nested duplicate folder; it is not read twice
    (tmp_path / "onestopenglish/Texts-SeparatedByReadingLevel/Int-Txt/Int-Txt").mkdir()

    rows = list(news_passages(tmp_path))
    amazon = [r for r in rows if r.group == "Amazon"]
    assert [r.text for r in amazon[:5]] == [
        "Adv Paragraph 0.",
        "Adv Paragraph 1. Adv Paragraph 2.",
        "Adv Paragraph 3. Adv Paragraph 4. Adv Paragraph 5.",
        "Adv Paragraph 6. Adv Paragraph 7. Adv Paragraph 8. Adv Paragraph 9.",
        "Adv Paragraph 10.",
    ]
    assert len(amazon) == 3 * 6 and not any("\ufeff" in r.text for r in rows)
    assert {r.group for r in rows} == {"Amazon", "Zoo-story"}  # the level suffix is not part of the article
    assert all(r.source == NEWS_SOURCE and r.labels == dict.fromkeys(NEUTRAL_LABELS, 0) for r in rows)
    # every level and passage of an article falls in the article's split
    assert len({split_of(r.source, r.group) for r in amazon}) == 1


def test_accounts_of_being_bullied_carry_no_label(tmp_path):
    folder = tmp_path / "cyberbullying-tweets-wang-10k-subset"
    folder.mkdir()
    (folder / "cyberbullying_tweets.csv").write_text(
        "tweet_text,cyberbullying_type\n"
        "every girl who bullied me in high school,age\n"
        "go back to your country,ethnicity\n"
        "lovely day at the beach,not_cyberbullying\n",
        encoding="utf-8",
    )
    rows = {r.extra["type"]: r.labels for r in cyberbullying_tweets(tmp_path)}
    assert rows == {
        "age": {},
        "ethnicity": {"bullying": 1, "abuse": 1, "hate": 1},
        "not_cyberbullying": {"bullying": 0, "abuse": 0, "hate": 0},
    }
