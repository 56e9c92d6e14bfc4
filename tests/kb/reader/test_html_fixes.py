"""kb.reader.html_fixes: each repair touches only the invalid attribute it is for."""

from kb.reader.html_fixes import fix_page


def test_autocomplete_is_removed_from_checkbox_toggles():
    html = '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">'
    assert fix_page(html) == '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer">'


def test_autocomplete_stays_on_text_fields():
    html = '<input type="text" class="md-search__input" name="query" autocomplete="off">'
    assert fix_page(html) == html


def test_empty_tabindex_is_removed_and_real_ones_kept():
    html = '<label for="a" id="a_label" tabindex=""></label><label for="b" tabindex="0"></label><input id="a"><input id="b">'
    assert (
        fix_page(html)
        == '<label for="a" id="a_label"></label><label for="b" tabindex="0"></label><input id="a"><input id="b">'
    )


def test_label_pointing_at_a_missing_control_loses_its_for():
    html = '<label class="md-nav__title" for="__toc">Table of contents</label>'
    assert fix_page(html) == '<label class="md-nav__title">Table of contents</label>'


def test_label_pointing_at_a_present_control_is_kept():
    html = '<input type="checkbox" id="__toc"><label class="md-nav__title" for="__toc">Table of contents</label>'
    assert fix_page(html) == html


def test_data_id_does_not_count_as_an_id():
    html = '<div data-id="__toc"></div><label for="__toc">x</label>'
    assert fix_page(html) == '<div data-id="__toc"></div><label>x</label>'


def test_nav_labelled_by_a_missing_label_loses_the_reference():
    html = '<nav class="md-nav" data-md-level="1" aria-labelledby="__nav_3_label" aria-expanded="true"></nav>'
    assert fix_page(html) == '<nav class="md-nav" data-md-level="1" aria-expanded="true"></nav>'


def test_nav_labelled_by_a_present_label_is_kept():
    html = '<label id="__nav_2_label">Guidance</label><nav class="md-nav" aria-labelledby="__nav_2_label"></nav>'
    assert fix_page(html) == html


def test_a_page_without_a_skip_link_gets_one_to_its_content():
    html = '<div data-md-component="skip">\n  \n</div><main><article class="md-content__inner md-typeset"><h1>Title</h1></article></main>'
    fixed = fix_page(html)
    assert '<div data-md-component="skip"><a href="#kb-content" class="md-skip">Skip to content</a></div>' in fixed
    assert '<article id="kb-content" class="md-content__inner md-typeset">' in fixed


def test_a_page_with_a_skip_link_keeps_it():
    html = '<div data-md-component="skip"><a href="#summary" class="md-skip">Skip to content</a></div><article class="md-content__inner md-typeset"><h2 id="summary">Summary</h2></article>'
    assert fix_page(html) == html


def test_a_documents_skip_link_lands_on_its_title_not_its_first_heading():
    html = (
        '<div data-md-component="skip">\n  <a href="#the-case" class="md-skip">\n Skip to content\n </a>\n</div>'
        '<article class="md-content__inner md-typeset"><h1 id="kb-title">Title</h1><p class="kb-summary">S</p>'
        '<h2 id="the-case">The case</h2></article>'
    )
    fixed = fix_page(html)
    assert '<div data-md-component="skip">\n  <a href="#kb-title" class="md-skip">' in fixed
    assert fixed.replace("#kb-title", "#the-case") == html


def test_no_skip_link_is_added_where_there_is_no_content_to_skip_to():
    html = '<div data-md-component="skip"></div><div>no article</div>'
    assert fix_page(html) == html


def test_has_id_finds_real_ids_only():
    from kb.reader.html_fixes import has_id

    assert has_id('<div data-id="x"></div><p id="x">', "x")
    assert not has_id('<div data-id="x"></div><p my_id="x">', "x")
    assert has_id('id="x"', "x")
