"""Finding places by name, alias and old name; clear errors for unknown names."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from landbridge.errors import UnknownPlaceError
from landbridge.network.lookup import normalize_name
from landbridge.network.network import Network


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("Astana", "Astana"),
        ("Nur-Sultan", "Astana"),
        ("nur sultan", "Astana"),
        ("Alma-Ata", "Almaty"),
        ("ALMATY", "Almaty"),
        ("Uralsk", "Oral"),
        ("Qostanay", "Kostanay"),
        ("Kustanai", "Kostanay"),
        ("Saigon port", "Cat Lai (Ho Chi Minh City)"),
        ("Cat Lai", "Cat Lai (Ho Chi Minh City)"),
        ("Urumqi", "Ürümqi"),
        ("ürümqi", "Ürümqi"),
        ("Constanta", "Constanța"),
        ("Krasnovodsk", "Turkmenbashi"),
    ],
)
def test_lookup_by_name_alias_and_old_name(network: Network, query: str, name: str) -> None:
    assert network.place(query).name == name


def test_lookup_by_id_is_case_insensitive(network: Network) -> None:
    place = network.place("Lianyungang")
    assert network.place(place.id.lower()) is place


def test_unknown_place_suggests_the_closest(network: Network) -> None:
    with pytest.raises(UnknownPlaceError) as info:
        network.place("Kostanaj")
    assert "Kostanay" in str(info.value)
    assert "did you mean" in str(info.value)
    assert isinstance(info.value, KeyError)


def test_unknown_place_without_any_close_name(network: Network) -> None:
    with pytest.raises(UnknownPlaceError, match="unknown place 'Zzyzx'"):
        network.place("Zzyzx")


def test_search_finds_substrings(network: Network) -> None:
    names = [p.name for p in network.index.search("lian")]
    assert "Lianyungang" in names


@given(st.text(max_size=30))
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize_name(text)
    assert normalize_name(once) == once


@given(st.text(max_size=30))
def test_lookup_never_fails_with_anything_but_unknown_place(network: Network, text: str) -> None:
    with contextlib.suppress(UnknownPlaceError):
        network.place(text)
