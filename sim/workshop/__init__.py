"""workshop"""

from .panels import *  # noqa: F401,F403
