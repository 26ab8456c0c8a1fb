"""landbridge: plan and compare freight export routes across the Eurasian land-sea corridors.

The public API::

    >>> import landbridge
    >>> network = landbridge.load_network()
    >>> network.place("Kustanai").name
    'Kostanay'
"""

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
from landbridge.network.export import to_geojson, to_networkx
from landbridge.network.load import check_network, load_network
from landbridge.network.network import Network

__version__: str  # read from the package metadata on first use, by __getattr__ below


def __getattr__(name: str) -> str:
    # importing importlib.metadata costs a cold command about 50 ms: only when asked
    if name != "__version__":
        raise AttributeError(f"module 'landbridge' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("landbridge")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        found = "0.0.0"
    globals()["__version__"] = found
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
