"""Recipient countries and regions, weighted roughly like bilateral gender-focused aid.

Codes are real (ISO 3166-1 alpha-2, OECD DAC regions) so that maps, codelist look-ups and
country pages behave as with real data; only the organisations and the projects are fictional.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from parity.sample.weighted import Weighted


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    area: str  # key into REGIONS: countries of one area are combined in multi-country activities
    capital: str
    latitude: Decimal
    longitude: Decimal


@dataclass(frozen=True)
class Region:
    code: str  # OECD DAC region code (RegionVocabulary 1)
    name: str


def _country(row: str) -> tuple[Country, float]:
    code, name, area, capital, lat, lon, weight = row.split("|")
    return Country(code, name, area, capital, Decimal(lat), Decimal(lon)), float(weight)


# code | name | area | capital | latitude | longitude | weight
_COUNTRY_ROWS = """\
TH|Thailand|far-east-asia|Bangkok|13.7563|100.5018|3
VN|Viet Nam|far-east-asia|Hanoi|21.0285|105.8542|5
MM|Myanmar|far-east-asia|Nay Pyi Taw|19.7633|96.0785|4
LA|Lao People's Democratic Republic|far-east-asia|Vientiane|17.9757|102.6331|3
KH|Cambodia|far-east-asia|Phnom Penh|11.5564|104.9282|4
PH|Philippines|far-east-asia|Manila|14.5995|120.9842|4
ID|Indonesia|far-east-asia|Jakarta|-6.2088|106.8456|4
MN|Mongolia|far-east-asia|Ulaanbaatar|47.8864|106.9057|2
TL|Timor-Leste|far-east-asia|Dili|-8.5569|125.5603|1
BD|Bangladesh|south-asia|Dhaka|23.8103|90.4125|5
NP|Nepal|south-asia|Kathmandu|27.7172|85.3240|4
PK|Pakistan|south-asia|Islamabad|33.6844|73.0479|3
LK|Sri Lanka|south-asia|Sri Jayawardenepura Kotte|6.8868|79.9187|2
AF|Afghanistan|south-asia|Kabul|34.5553|69.2075|3
KE|Kenya|africa|Nairobi|-1.2921|36.8219|5
ET|Ethiopia|africa|Addis Ababa|9.0300|38.7400|5
TZ|Tanzania|africa|Dodoma|-6.1630|35.7516|4
UG|Uganda|africa|Kampala|0.3476|32.5825|3
RW|Rwanda|africa|Kigali|-1.9441|30.0619|2
MZ|Mozambique|africa|Maputo|-25.9692|32.5732|3
MW|Malawi|africa|Lilongwe|-13.9626|33.7741|1
ZM|Zambia|africa|Lusaka|-15.3875|28.3228|1
GH|Ghana|africa|Accra|5.6037|-0.1870|2
SN|Senegal|africa|Dakar|14.7167|-17.4677|2
ML|Mali|africa|Bamako|12.6392|-8.0029|2
NG|Nigeria|africa|Abuja|9.0765|7.3986|2
EG|Egypt|middle-east|Cairo|30.0444|31.2357|1
JO|Jordan|middle-east|Amman|31.9454|35.9284|2
BO|Bolivia|america|La Paz|-16.4897|-68.1193|1
CO|Colombia|america|Bogota|4.7110|-74.0721|1
GT|Guatemala|america|Guatemala City|14.6349|-90.5069|1
HT|Haiti|america|Port-au-Prince|18.5944|-72.3074|1
PG|Papua New Guinea|oceania|Port Moresby|-9.4438|147.1803|1
FJ|Fiji|oceania|Suva|-18.1248|178.4501|1"""

COUNTRIES: Weighted[Country] = Weighted(_country(row) for row in _COUNTRY_ROWS.splitlines())

COUNTRIES_BY_AREA: dict[str, tuple[Country, ...]] = {
    area: tuple(c for c in COUNTRIES.items if c.area == area)
    for area in dict.fromkeys(c.area for c in COUNTRIES.items)
}

REGIONS: dict[str, Region] = {
    "far-east-asia": Region("789", "Far East Asia, regional"),
    "south-asia": Region("679", "South Asia, regional"),
    "africa": Region("289", "South of Sahara, regional"),
    "middle-east": Region("589", "Middle East, regional"),
    "america": Region("498", "America, regional"),
    "oceania": Region("889", "Oceania, regional"),
}

# Non-allocable aid (administrative costs, development awareness) has no recipient country;
# real publishers report it against "Developing countries, unspecified".
UNSPECIFIED_REGION = Region("998", "Developing countries, unspecified")
