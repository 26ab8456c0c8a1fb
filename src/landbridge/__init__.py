"""landbridge: plan and compare freight export routes across the Eurasian land-sea corridors.

The public API::

    >>> import landbridge
    >>> network = landbridge.load_network()
    >>> network.place("Kustanai").name
    'Kostanay'
"""

from typing import TYPE_CHECKING, Any

from landbridge._lazy import lazy_names
from landbridge.errors import (
    DataError,
    InvalidOptionError,
    LandbridgeError,
    NetworkDataError,
    NoRouteError,
    Problem,
    UnknownPlaceError,
)

if TYPE_CHECKING:
    from landbridge.model.cargo import Commodity, Unit
    from landbridge.model.links import Link
    from landbridge.model.modes import Mode, Passage
    from landbridge.model.operations import HubOperation, Operation
    from landbridge.model.places import CargoClass, Place, PlaceKind, Role, Waters
    from landbridge.network.export import to_geojson, to_networkx
    from landbridge.network.load import check_network, load_network
    from landbridge.network.network import Network

#: The network's names import numpy and the network code, and the model's its classes: on
#: first use, so that a command that needs neither (``--help``, ``simulate``) starts without
#: them.
_lazy_names = lazy_names(__name__, {
    "landbridge.model.cargo": ("Commodity", "Unit"),
    "landbridge.model.links": ("Link",),
    "landbridge.model.modes": ("Mode", "Passage"),
    "landbridge.model.operations": ("HubOperation", "Operation"),
    "landbridge.model.places": ("CargoClass", "Place", "PlaceKind", "Role", "Waters"),
    "landbridge.network.export": ("to_geojson", "to_networkx"),
    "landbridge.network.load": ("check_network", "load_network"),
    "landbridge.network.network": ("Network",),
})

__version__: str  # read from the package metadata on first use, by __getattr__ below


def __getattr__(name: str) -> Any:
    if name != "__version__":
        return _lazy_names(name)
    # importing importlib.metadata costs a cold command about 50 ms: only when asked
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
