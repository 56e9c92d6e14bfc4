"""Strict front matter reading: each mistake an author can make, at its line."""

import pytest

from kb.content.frontmatter import MAX_FILE_BYTES, FrontMatterError, parse


def error_of(raw: bytes) -> FrontMatterError:
    with pytest.raises(FrontMatterError) as caught:
        parse(raw)
    return caught.value


def test_reads_fields_body_and_lines():
    parsed = parse(b"---\ntitle: Hello\nnations:\n  - England\n  - Wales\n---\n# Hello\n")
    assert parsed.meta == {"title": "Hello", "nations": ["England", "Wales"]}
    assert parsed.body == "# Hello\n"
    assert parsed.body_line == 7
    assert parsed.line_of(("nations", 1)) == 5
    assert parsed.line_of(("missing",)) == 1


def test_dates_numbers_and_versions_stay_as_written():
    parsed = parse(b"---\npublished: 2025-01-02\nversion: 1.10\nid: 2025\n---\n")
    assert parsed.meta == {"published": "2025-01-02", "version": "1.10", "id": "2025"}


def test_true_false_and_null_are_values():
    assert parse(b"---\na: true\nb: false\nc: null\nd: ~\n---\n").meta == {"a": True, "b": False, "c": None, "d": None}


def test_byte_order_mark_and_windows_line_endings_work():
    parsed = parse("\ufeff---\r\ntitle: Hello\r\n---\r\nBody\r\n".encode())
    assert parsed.meta == {"title": "Hello"}
    assert parsed.body == "Body\n"


@pytest.mark.parametrize(
    ("raw", "line", "message", "fix"),
    [
        (b"title: no dashes\n", 1, "the file does not start with front matter", "make the first line exactly ---"),
        (
            b"\n\n---\ntitle: x\n---\n",
            3,
            "there are blank lines before it",
            "delete the blank lines above the first ---",
        ),
        (
            b"---\ntitle: x\n",
            1,
            "the front matter starts on line 1 but is never closed",
            "add a line of exactly --- after the last field",
        ),
        (b"---\n---\nbody\n", 1, "the front matter is empty", "add the fields between the two --- lines"),
        (b"---\n\n---\n", 1, "the front matter is empty", ""),
        (
            b"---\n- title\n- summary\n---\n",
            2,
            "must be a list of fields (name: value)",
            "do not start lines with - at the top level",
        ),
        (b"---\njust text\n---\n", 2, "must be a list of fields (name: value)", ""),
        (
            b"---\ntitle: [unclosed\nsummary: x\n---\n",
            2,
            "the list under title opens with [ but is never closed",
            "end the list with ] on the same line: title: [unclosed]",
        ),
        (b'---\ntitle: "unclosed\nsummary: x\n---\n', 2, 'the title opens with " but the quote is never closed', ""),
        (
            b"---\ntitle: x\nsummary:y: z: w\n---\n",
            3,
            "there is no space after the colon in summary:",
            "write one space after the colon: summary: y: z: w",
        ),
        (
            b"---\nquestions: [What is this?]\n---\n",
            2,
            "the list in [ ] on this line cannot be read (expected ',' or ']', but got '?')",
            'put each item in quotes, like ["What is this?"]',
        ),
        (
            b"---\ntitle: x\n\tsummary: y\n---\n",
            3,
            "the front matter contains a tab character",
            "indent with spaces, never tabs",
        ),
        (
            b"---\ntitle: x\ntitle: y\n---\n",
            3,
            "the field 'title' appears twice (first on line 2)",
            "keep one of them and delete the other",
        ),
        (
            b"---\ntitle: no\n---\n",
            2,
            "'no' is read by YAML as true/false, not as the word 'no'",
            'put it in quotes, like title: "no"',
        ),
        (b"---\ntitle: NO\n---\n", 2, "'NO' is read by YAML as true/false", ""),
        (b"---\ntitle: yes\n---\n", 2, "'yes' is read by YAML as true/false", ""),
        (b"---\nnations: [England, off]\n---\n", 2, "'off' is read by YAML as true/false", ""),
        (
            b"---\ntitle: !!python/object/apply:os.system [ls]\n---\n",
            2,
            "the YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed",
            "remove the tag",
        ),
        (b"---\ntitle: !custom x\n---\n", 2, "the YAML tag '!custom' is not allowed", ""),
        (
            b"---\na: &x [1]\nb: *x\n---\n",
            2,
            "anchors and aliases (& and *) are not allowed",
            "write the value out in full",
        ),
        (b"---\n? [a, b]\n: c\n---\n", 2, "a field name must be a plain word", ""),
        (
            b"---\ntitle: x\n---\n\xff\xfe bad",
            4,
            "the file is not saved as UTF-8 text",
            "save it again choosing the UTF-8 encoding",
        ),
        (b"---\ntitle: x\x00\n---\n", 2, "the file contains a NUL character", ""),
    ],
)
def test_mistakes_are_reported_at_their_line(raw, line, message, fix):
    error = error_of(raw)
    assert (error.line, message in error.message, fix in error.fix) == (line, True, True), (
        error.line,
        error.message,
        error.fix,
    )


def test_oversized_files_are_refused_before_reading():
    error = error_of(b"---\ntitle: x\n---\n" + b"a" * MAX_FILE_BYTES)
    assert error.line == 1
    assert "over the limit of 1,000,000" in error.message
    assert "split it into smaller documents" in error.fix
