"""Project-wide pytest hooks (here, not in tests/, so they also reach notebooks/)."""


def pytest_collectstart(collector):
    """nbval: do not compare stderr (native library noise and temporary paths, never a result;
    errors still fail the cell) nor widget views (a random model id; the static figure beside
    each widget is what nbval and GitHub see)."""
    if collector.path is not None and collector.path.suffix == ".ipynb" and hasattr(collector, "skip_compare"):
        collector.skip_compare = (*collector.skip_compare, "stderr", "application/vnd.jupyter.widget-view+json")
