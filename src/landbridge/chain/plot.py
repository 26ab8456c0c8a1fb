"""A waterfall chart of a priced chain: purchase and costs step down, sales step up, and the
last bar is the margin per tonne bought."""

from __future__ import annotations

from pathlib import Path

from landbridge.chain.breakdown import ChainBreakdown

__all__ = ["waterfall"]


def waterfall(chain: ChainBreakdown, path: str | Path) -> Path:
    """Draw ``chain`` stage by stage into ``path`` (the format follows its suffix).

    Examples
    --------
    >>> import tempfile
    >>> from landbridge.chain import price_chain
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     waterfall(price_chain("Kostanay", "Ho Chi Minh City"),
    ...               Path(folder) / "chain.png").exists()
    True
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    stages = chain.by_stage()
    labels = [s.value for s in stages]
    values = list(stages.values())
    bottoms: list[float] = []
    level = 0.0
    for v in values:
        bottoms.append(level if v >= 0 else level + v)
        level += v
    fig, ax = plt.subplots(figsize=(10, 4.8))
    colors = ["#2a9d8f" if v >= 0 else "#e76f51" for v in values]
    ax.bar(labels, [abs(v) for v in values], bottom=bottoms, color=colors)
    ax.bar(["margin"], [abs(level)], bottom=[min(0.0, level)],
           color="#264653" if level >= 0 else "#9d0208")
    for i, v in enumerate([*values, level]):
        top = (bottoms[i] + abs(v)) if i < len(values) else max(level, 0.0)
        ax.annotate(f"{v:+,.1f}", (i, top), ha="center", va="bottom", fontsize=8)
    ax.axhline(0.0, color="black", linewidth=0.8)
    what = chain.commodity if chain.output is None else f"{chain.commodity} -> {chain.output}"
    where = f" (milled at {chain.mill_place.name})" if chain.mill_place else ""
    ax.set_title(f"{what}: {chain.origin.name} to {chain.market.name}{where}")
    ax.set_ylabel(f"USD per tonne of {chain.commodity} bought")
    ax.tick_params(axis="x", labelrotation=35)
    plt.setp(ax.get_xticklabels(), ha="right", rotation_mode="anchor")
    fig.tight_layout()
    out = Path(path)
    fig.savefig(out)
    plt.close(fig)
    return out
