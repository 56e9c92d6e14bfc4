"""One build of the site: what it is made of, building into a staging folder, files written after the pages."""
