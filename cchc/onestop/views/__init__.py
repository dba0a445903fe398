"""Transitional: the former module moved whole into ``dossiers``; the next commit splits it along its sections."""

import sys

from . import dossiers

sys.modules[__name__] = dossiers
