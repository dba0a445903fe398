"""Per-module additions to the URL scope sweep (``tests/test_url_scope_sweep.py``): one file per module.

Each file may define ``TARGETS`` (URL name -> function of the world giving ``[(kwargs, owner_unit)]``), ``PUBLIC``,
``PARTICIPANTS_SEE`` and ``prepare(world)``; see ``_load_extensions`` in the sweep.
"""
