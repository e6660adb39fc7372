"""The site's code, one package per stage: sources/ (official files -> data/, sync only), catalog/ (data/ -> model),
pages/ (model -> pages and exports); hooks.py and main.py are the MkDocs and mkdocs-macros entry points."""

__all__ = ["define_env"]


def __getattr__(name: str):
    # mkdocs-macros looks up define_env on this package. Importing main only then keeps
    # `python -m macros.catalog` free of runpy's "found in sys.modules" warning.
    if name == "define_env":
        from macros.main import define_env

        return define_env
    raise AttributeError(f"module 'macros' has no attribute {name!r}")
