"""Search: Pagefind run over the built pages, its filters from the front matter, its files pinned and checked."""
