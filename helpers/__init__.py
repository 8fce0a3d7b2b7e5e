"""Helpers for the "Your first neural network" course notebooks.

Each module has one concern: ``data`` (find, verify and load Fashion-MNIST), ``plots``
(the course's figures), ``checks`` (instant feedback on exercises), ``solutions`` (worked
answers, for when you are stuck) and ``course`` (what every notebook shares: the setup cell,
the Colab badge, the repository's address).

Example:
    >>> import helpers
    >>> helpers.setup()          # fixed seeds, quiet TensorFlow start-up, course plot style
"""

from helpers.course import setup

__all__ = ["setup"]
__version__ = "0.1.0"
