"""Search engines: the expanded graph of a cargo class and scenario, and the Pareto search."""
