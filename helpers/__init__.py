"""Helpers for the "Your first neural network" course notebooks.

Each module has one concern: ``data`` (find, verify and load Fashion-MNIST, for ``tfds.load`` too), ``plots``
(the course's figures), ``models`` (the course model, input pipelines, training log),
``checks`` (instant feedback on exercises, with hints and worked answers on request), ``photos``
(your own photo as a model input), ``widgets`` (interactive explorers) and ``course`` (what every
notebook shares: the setup cell, the badges and links, the repository's address and pinned commit).

Example:
    >>> import helpers
    >>> helpers.setup()          # fixed seeds, quiet TensorFlow start-up, course plot style
    >>> helpers.versions()       # what to paste into a bug report
    >>> helpers.check_run({"accuracy above 85%": True})  # a check cell: does this run agree with the text?
"""

from helpers.course import check_run, setup, versions

__all__ = ["check_run", "setup", "versions"]
__version__ = "0.1.0"
