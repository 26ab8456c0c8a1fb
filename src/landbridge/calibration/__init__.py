"""Calibration: fit table rows (rail speeds, dwell, tariffs, sailing speeds) to observations,
write a data overlay.

The fit changes only the rows the observed routes use, each within a band around its starting
value, and writes them (citing the calibration and the original source) as an overlay that any
command reads with ``--data-overlay``, keeping the bundled data as it is.
"""

from landbridge.calibration.fit import (
    RELATIVE_BAND,
    Calibration,
    FittedRow,
    calibrate,
    write_overlay,
)
from landbridge.calibration.parameters import GROUPS, ParameterGroup, RowScale

__all__ = [
    "GROUPS",
    "RELATIVE_BAND",
    "Calibration",
    "FittedRow",
    "ParameterGroup",
    "RowScale",
    "calibrate",
    "write_overlay",
]
