"""The official sources and the sync that writes data/ from them; the site build never imports this package."""
