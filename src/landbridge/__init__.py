"""landbridge: plan and compare freight export routes across the Eurasian land-sea corridors.

The public API::

    >>> import landbridge
    >>> network = landbridge.load_network()
    >>> network.place("Kustanai").name
    'Kostanay'
"""

import importlib
from typing import TYPE_CHECKING, Any

from landbridge.errors import (
    DataError,
    InvalidOptionError,
    LandbridgeError,
    NetworkDataError,
    NoRouteError,
    Problem,
    UnknownPlaceError,
)
from landbridge.model.cargo import Commodity, Unit
from landbridge.model.links import Link
from landbridge.model.modes import Mode, Passage
from landbridge.model.operations import HubOperation, Operation
from landbridge.model.places import CargoClass, Place, PlaceKind, Role, Waters

if TYPE_CHECKING:
    from landbridge.network.export import to_geojson, to_networkx
    from landbridge.network.load import check_network, load_network
    from landbridge.network.network import Network

#: Public names whose modules import numpy and the network code: imported on first use, by
#: ``__getattr__`` below, so that a command that needs neither (``--help``, ``simulate``) starts
#: without them.
_LAZY = {
    "Network": "landbridge.network.network",
    "check_network": "landbridge.network.load",
    "load_network": "landbridge.network.load",
    "to_geojson": "landbridge.network.export",
    "to_networkx": "landbridge.network.export",
}

__version__: str  # read from the package metadata on first use, by __getattr__ below


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        found = getattr(importlib.import_module(_LAZY[name]), name)
    elif name == "__version__":
        # importing importlib.metadata costs a cold command about 50 ms: only when asked
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("landbridge")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree
            found = "0.0.0"
    else:
        raise AttributeError(f"module 'landbridge' has no attribute {name!r}")
    globals()[name] = found
    return found

__all__ = [
    "CargoClass",
    "Commodity",
    "DataError",
    "HubOperation",
    "InvalidOptionError",
    "LandbridgeError",
    "Link",
    "Mode",
    "Network",
    "NetworkDataError",
    "NoRouteError",
    "Operation",
    "Passage",
    "Place",
    "PlaceKind",
    "Problem",
    "Role",
    "Unit",
    "UnknownPlaceError",
    "Waters",
    "__version__",
    "check_network",
    "load_network",
    "to_geojson",
    "to_networkx",
]
