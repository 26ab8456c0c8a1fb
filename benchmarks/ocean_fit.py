"""Print the ocean model beside published freight rates, lane by lane, with the share in range.

Run:  python benchmarks/ocean_fit.py
"""

from __future__ import annotations

import platform
import statistics

import landbridge
from landbridge.costing.ocean_fit import LaneFit, fit_ocean, share_within
from landbridge.model.cargo import Unit


def main() -> None:
    network = landbridge.load_network()
    fits = fit_ocean(network)
    print(f"landbridge {landbridge.__version__}, Python {platform.python_version()}, "
          f"{platform.machine()}")
    header = (f"{'lane':<20} {'unit':<9} {'year':>4} {'class':<9} {'km':>6} {'model':>7} "
              f"{'published':>9} {'range':>13} {'error':>7}  in")
    print(header)
    print("-" * len(header))
    for fit in fits:
        o = fit.observation
        lane = f"{o.lane_from}->{o.lane_to}"
        print(f"{lane:<20} {o.unit.value:<9} {o.year:>4} {fit.model_class:<9} "
              f"{fit.distance_km:>6.0f} {fit.model_usd_per_t:>7.2f} {o.usd_per_t:>9.2f} "
              f"{o.low:>6.2f}-{o.high:<6.2f} {fit.error:>+7.0%}  {'yes' if fit.within else 'no'}")
    for unit in (Unit.BULK, Unit.CONTAINER):
        chosen = [f for f in fits if f.observation.unit is unit]
        median = statistics.median(abs(f.error) for f in chosen)
        print(f"{unit.value}: {len(chosen)} observations, {share_within(fits, unit):.0%} within "
              f"the published range, median absolute error {median:.0%}")
    print("\nbulk voyage breakdown (USD per tonne):")
    _breakdown(fits)
    print("\ndaily hire that would make the model meet each published bulk rate:")
    _implied_hire(fits, network.parameter("bulk_commission_share"))


def _breakdown(fits: list[LaneFit]) -> None:
    seen: set[tuple[str, str]] = set()
    for fit in fits:
        o, v = fit.observation, fit.voyage
        if v is None or (o.lane_from, o.lane_to) in seen:
            continue
        seen.add((o.lane_from, o.lane_to))
        t = v.parcel_t
        passages = ", ".join(sorted(p.value for p in fit.passages)) or "none"
        print(f"  {o.lane_from}->{o.lane_to} {v.vessel_class} {t:,.0f} t, passages {passages}: "
              f"sea {v.sea_days:.1f} d (with ballast), port {v.port_days:.1f} d; "
              f"hire {v.hire_usd / t:.2f} + fuel {v.fuel_usd / t:.2f} + calls "
              f"{v.port_calls_usd / t:.2f} + tolls {v.passages_usd / t:.2f} + commission "
              f"{v.commission_usd / t:.2f} = {v.usd_per_t:.2f}")


def _implied_hire(fits: list[LaneFit], commission: float) -> None:
    for fit in fits:
        o, v = fit.observation, fit.voyage
        if v is None:
            continue
        net = o.usd_per_t * v.parcel_t * (1.0 - commission)
        hire = (net - v.fuel_usd - v.port_calls_usd - v.passages_usd) / (v.sea_days + v.port_days)
        bundled = v.hire_usd / (v.sea_days + v.port_days)
        print(f"  {o.lane_from}->{o.lane_to} {o.year}: {hire:>8,.0f} USD/day "
              f"(bundled {v.vessel_class} hire {bundled:,.0f})")


if __name__ == "__main__":
    main()
