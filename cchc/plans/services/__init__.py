"""Transitional: the former module moved whole into ``imports``; the next commit splits it along its sections."""

import sys

from . import imports

sys.modules[__name__] = imports
