"""Gateway catchment and competition: which origins a gateway (a border crossing or a port)
wins, for which markets and cargo, by what margin, how many tonnes that is, and what change of
one lever would win more.

``catchment`` splits each origin-market flow between the best route through a gateway and the
best avoiding it (a logit over generalised cost); ``gateways`` runs the same split for every
gateway and respects capacities; ``break_even`` finds by bisection the lever value at which a
gateway's route ties with its rival.
"""

from landbridge.catchment.analysis import SCO_MEMBERS, catchment
from landbridge.catchment.breakeven import break_even
from landbridge.catchment.competition import gateways
from landbridge.catchment.levers import Lever, LeverSetting
from landbridge.catchment.logit import DEFAULT_SCALE_USD_PER_T, Logit
from landbridge.catchment.results import (
    BreakEven,
    Catchment,
    CatchmentFlow,
    Gateways,
    GatewayUse,
    OriginSummary,
    PathSummary,
)
from landbridge.catchment.volumes import VolumeBasis

__all__ = [
    "DEFAULT_SCALE_USD_PER_T",
    "SCO_MEMBERS",
    "BreakEven",
    "Catchment",
    "CatchmentFlow",
    "GatewayUse",
    "Gateways",
    "Lever",
    "LeverSetting",
    "Logit",
    "OriginSummary",
    "PathSummary",
    "VolumeBasis",
    "break_even",
    "catchment",
    "gateways",
]
