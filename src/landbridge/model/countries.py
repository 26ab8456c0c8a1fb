"""Country names for the ISO 3166-1 alpha-2 codes used in the tables, for parsing ``--avoid``."""

from __future__ import annotations

COUNTRY_NAMES: dict[str, str] = {
    "AF": "Afghanistan", "AU": "Australia", "AZ": "Azerbaijan", "BD": "Bangladesh",
    "BY": "Belarus", "CA": "Canada", "CN": "China", "DE": "Germany", "GE": "Georgia",
    "ID": "Indonesia", "IR": "Iran", "KG": "Kyrgyzstan", "KR": "South Korea", "KZ": "Kazakhstan",
    "MY": "Malaysia", "NL": "Netherlands", "PH": "Philippines", "PL": "Poland", "RO": "Romania",
    "RU": "Russia", "SG": "Singapore", "TH": "Thailand", "TJ": "Tajikistan", "TM": "Turkmenistan",
    "TR": "Turkey", "US": "United States", "UZ": "Uzbekistan", "VN": "Vietnam",
}

COUNTRY_ALIASES: dict[str, str] = {
    "russian federation": "RU", "iran islamic republic of": "IR", "turkiye": "TR",
    "usa": "US", "united states of america": "US", "korea": "KR", "republic of korea": "KR",
    "kyrgyz republic": "KG", "prc": "CN", "peoples republic of china": "CN", "viet nam": "VN",
    "the netherlands": "NL", "holland": "NL", "kazakstan": "KZ",
}
