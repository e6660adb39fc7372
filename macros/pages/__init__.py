"""The pages: pure functions from the catalog to page content and export files, a module per kind of page."""
