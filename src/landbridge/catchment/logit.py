"""The discrete-choice split between routes: a logit over generalised cost.

Shippers facing two routes do not all take the cheaper one: costs differ between firms, quotes
and seasons in ways the model does not see. A logit gives each route the share
``exp(-c / scale) / sum(exp(-c_k / scale))``: two routes whose generalised costs differ by
``scale`` USD/t split about 73:27, and as ``scale`` goes to zero the split becomes
all-or-nothing (ties shared equally). NODUS splits traffic between modes the same way.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from landbridge.errors import InvalidOptionError

__all__ = ["DEFAULT_SCALE_USD_PER_T", "Logit"]

#: The default scale, USD per tonne of generalised cost. estimate: not fitted to observed
#: splits (none are bundled); 10 USD/t is about 10% of a typical Kazakh export route's
#: generalised cost (70-150 USD/t), so routes within a few dollars share the traffic and a
#: route 30 USD/t dearer keeps under 5%. Set it per question.
DEFAULT_SCALE_USD_PER_T = 10.0
#: Costs closer than this (USD/t) are a tie when the scale is zero.
_TIE_USD_PER_T = 1e-9


@dataclass(frozen=True, slots=True, kw_only=True)
class Logit:
    """A logit split over generalised cost with ``scale_usd_per_t`` (0: all-or-nothing).

    Examples
    --------
    >>> Logit(scale_usd_per_t=10.0).shares([100.0, 100.0]).tolist()
    [0.5, 0.5]
    >>> Logit(scale_usd_per_t=0.0).shares([100.0, 101.0]).tolist()
    [1.0, 0.0]
    """

    scale_usd_per_t: float = DEFAULT_SCALE_USD_PER_T

    def __post_init__(self) -> None:
        s = self.scale_usd_per_t
        if not (math.isfinite(s) and s >= 0):
            raise InvalidOptionError("scale", str(s), [],
                                     message=f"the logit scale must be a number of USD/t, 0 or "
                                             f"more (got {s:g})")

    def shares(self, costs: NDArray[np.float64] | list[float]) -> NDArray[np.float64]:
        """The share of each alternative (infinite cost: no such route, share 0); all zero if
        no alternative exists."""
        c = np.asarray(costs, dtype=np.float64)
        ok = np.isfinite(c)
        out = np.zeros_like(c)
        if not ok.any():
            return out
        least = float(c[ok].min())
        if self.scale_usd_per_t == 0.0:
            best = ok & (c - least <= _TIE_USD_PER_T)
            out[best] = 1.0 / best.sum()
            return out
        with np.errstate(over="ignore", under="ignore"):  # a tiny scale: exp(-inf) = 0
            weight = np.exp(-(c[ok] - least) / self.scale_usd_per_t)
        out[ok] = weight / weight.sum()
        return out

    def gateway_share(self, via: float, other: float) -> float:
        """The share of the route through the gateway against the best other route."""
        return float(self.shares([via, other])[0])
