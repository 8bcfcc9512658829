from submissions.richtext import body_text, sanitize_body, word_diff


def test_plain_text_becomes_paragraphs():
    assert sanitize_body("Một\n\nHai & ba\nbốn") == "<p>Một</p><p>Hai &amp; ba<br>bốn</p>"


def test_only_the_allow_list_survives():
    out = sanitize_body(
        '<p style="x">A<iframe src="y"></iframe><ul><li>b</li></ul><a href="https://x.vn" target="_blank">c</a></p>'
    )
    assert out == '<p>A</p><ul><li>b</li></ul><a href="https://x.vn" rel="noopener noreferrer nofollow">c</a><p></p>'


def test_body_text_keeps_one_block_per_line():
    assert body_text("<p>Một &amp; hai</p><ul><li>ba</li></ul>") == "Một & hai\nba"


def test_the_word_diff_marks_removed_and_added_words_and_escapes():
    html = word_diff("Có 100 hộ <tham gia>", "Có 120 hộ <tham gia>")
    assert "<del>100</del>" in html and "<ins>120</ins>" in html
    assert "&lt;tham" in html and "<tham" not in html


def test_the_browsers_bold_and_italic_are_stored_as_strong_and_em():
    assert sanitize_body("<p><b>A</b> <i>B</i></p>") == "<p><strong>A</strong> <em>B</em></p>"


def test_the_word_diff_of_a_long_rewritten_body_is_bounded():
    import time

    words = [f"từ{i % 97}" for i in range(60_000)]
    old = " ".join(words)
    new = " ".join(reversed(words))
    started = time.monotonic()
    html = word_diff(old, new)
    assert time.monotonic() - started < 2
    assert html.startswith("<del>") and "<ins>" in html


def test_the_word_diff_compares_changed_paragraphs_word_by_word():
    html = word_diff("Đoạn một.\nCó 100 hộ tham gia.\nĐoạn ba.", "Đoạn một.\nCó 120 hộ tham gia.\nĐoạn ba.")
    assert html == "Đoạn một.<br>Có <del>100</del> <ins>120</ins> hộ tham gia.<br>Đoạn ba."
