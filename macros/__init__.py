"""The OCPP enumeration site's build code: model (YAML -> data), render (data -> pages), main (macros), hooks."""

from macros.main import define_env

__all__ = ["define_env"]
