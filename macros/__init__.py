"""The OCPP enumeration site's build code: model (YAML -> data), render (data -> pages), main (macros), hooks."""

__all__ = ["define_env"]


def __getattr__(name: str):
    # mkdocs-macros looks up define_env on this package. Importing main only then keeps
    # `python -m macros.model` free of runpy's "found in sys.modules" warning.
    if name == "define_env":
        from macros.main import define_env

        return define_env
    raise AttributeError(f"module 'macros' has no attribute {name!r}")
