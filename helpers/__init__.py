"""Helpers for the "Your first neural network" course notebooks.

Each module has one concern: ``data`` (find, verify and load Fashion-MNIST), ``tfds_folder`` (the same data in
TFDS's format, for ``tfds.load``), ``plots`` (the course's figures), ``alt_text`` (a figure described in words),
``models`` (the course model, input pipelines, training log),
``checks`` (instant feedback on exercises, with hints and worked answers on request), ``photos``
(your own photo as a model input), ``widgets`` (interactive explorers) and ``course`` (what every
notebook shares: the setup cell, the badges and links, the repository's address and pinned commit).

A helper wraps only code a notebook has already shown the learner, or plumbing (finding data files, figures,
exercise checks, explorers, photo preparation). The lesson code the helpers wrap, and the notebook that shows
it first (tests/test_notebooks.py checks that no earlier notebook calls the helper):

    helper                 shown in  what the notebook shows
    data.normalize         01        the function, written out (section 7)
    models.dense_model     02        the course model, layer by layer
    models.compile_model   05        compile with its optimizer, loss and speed settings
    models.plain_pipeline  05        the input pipeline: normalise, cache, shuffle, batch
    models.fast_pipeline   05        the same pipeline with prefetch (section 6)
    models.train           05        fit, one log line every few epochs (models.EpochLog)
    models.EpochLog        05        (its log lines; the callback is plumbing)

Example:
    >>> import helpers
    >>> helpers.setup()          # fixed seeds, quiet TensorFlow start-up, course plot style
    >>> helpers.versions()       # what to paste into a bug report
    >>> helpers.check_run({"accuracy above 85%": True})  # a check cell: does this run agree with the text?
"""

from helpers.course import check_run, setup, versions

__all__ = ["check_run", "setup", "versions"]
__version__ = "0.1.0"
