"""The official sources and the sync that writes data/ from them; the site build never imports this package."""

import yaml

# The data files are read back by libyaml's safe loader: six times faster than PyYAML's own, and
# they are the sync's own output (the build reads them with its careful reader, macros/catalog/yamlread.py).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str):
    """A YAML text as Python data (safe: plain types only)."""
    return yaml.load(text, Loader=_LOADER)
