"""The local reference stack: Astronote's HTTP contract served on 127.0.0.1 by
real processes, healthy or with named faults switched on."""

from .cli import serve_main
from .faults import FAULTS
from .process import StackError
from .reference import ReferenceStack

__all__ = ["FAULTS", "ReferenceStack", "StackError", "serve_main"]
