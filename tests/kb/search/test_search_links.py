"""Links that open search with filters set (kb.search.links), as the guidance listing shows them."""

from kb.search import links


def test_the_address_is_relative_to_the_page_that_shows_it():
    assert links.search_address("guidance/index.md", nation="Wales", type="Guidance") == (
        "../?nation=Wales&type=Guidance"
    )
    assert links.search_address("index.md", nation="Wales") == "./?nation=Wales"
    assert links.search_address("about/team/people.md", nation="Northern Ireland") == (
        "../../../?nation=Northern+Ireland"
    )


def test_the_guidance_listing_line_for_wales():
    assert links.nation_search_line("Wales", "guidance", "guidance/index.md") == (
        '<p class="kb-search-link"><a href="../?nation=Wales&amp;type=Guidance">Search guidance for Wales</a></p>\n'
    )


def test_a_listing_of_every_type_searches_documents():
    line = links.nation_search_line("Scotland", None, "index.md")
    assert '<a href="./?nation=Scotland">Search documents for Scotland</a>' in line
