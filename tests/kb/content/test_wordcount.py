"""Word counts leave out everything a reader does not read as words."""

from kb.content.wordcount import count_words


def test_plain_words_are_counted():
    assert count_words("Practice managers run general practice.") == 5


def test_markdown_marks_and_link_addresses_are_not_words():
    assert count_words("## A heading\n\n- **Bold** [link text](../a/long-path.md#x)") == 5


def test_code_blocks_comments_and_template_calls_are_left_out():
    assert count_words("One\n\n```text\nnot counted here\n```\n\n<!-- nor this -->\n{{ macro() }}\nTwo") == 2


def test_numbers_and_money_count_as_words():
    assert count_words("A £20,000 payment and 55% of 2,000 managers") == 8
