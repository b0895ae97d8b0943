"""One synthetic person: identity fields, national ID and name keys computed as the app computes them."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from dataclasses import dataclass

from ptdv.common.text import nfc, search_key
from ptdv.demo import names as N
from ptdv.people import national_id

STUDENT_SHARE = 0.25  # of the candidacy persons of education-sector cells


def _cum(pairs: tuple[tuple[str, float], ...]) -> tuple[list[str], list[float]]:
    return [v for v, _ in pairs], list(itertools.accumulate(w for _, w in pairs))


ETHNICITIES = _cum(N.ETHNICITY_SHARES)
KINH = _cum(N.KINH_SURNAMES)
MALE_MIDDLE = _cum(N.MALE_MIDDLE)
FEMALE_MIDDLE = _cum(N.FEMALE_MIDDLE)
KHMER = _cum(N.KHMER_SURNAMES)
HOA = _cum(N.HOA_SURNAMES)
RELIGIONS = {
    "Kinh": _cum(N.RELIGIONS_KINH),
    "Khmer": _cum(N.RELIGIONS_KHMER),
    "Hoa": _cum(N.RELIGIONS_HOA),
}
UNION_SECTORS = {"agency", "education", "health", "state_enterprise", "non_state_enterprise"}
EDUCATION_BY_QUALIFICATION = {"none": "lower_secondary", "elementary": "upper_secondary"}


def pick(rng: random.Random, table: tuple[list[str], list[float]]) -> str:
    return rng.choices(table[0], cum_weights=table[1])[0]


@dataclass
class Identity:
    """The person fields that do not depend on their party history."""

    full_name: str
    gender: str
    date_of_birth: dt.date
    national_id: str
    ethnicity: str
    religion: str
    education_level: str
    qualification: str
    occupation: str
    occupation_group: str
    youth_union: bool
    trade_union: bool
    demobilised: bool
    residence: str
    phone: str


class IdFactory:
    """Unique, well-formed national IDs: a serial per (province, gender/century, year of birth)."""

    def __init__(self) -> None:
        self._serials: dict[tuple[str, str, int], int] = {}

    def next(self, province_code: str, gender: str, birth_year: int) -> str:
        key = (province_code, gender, birth_year)
        serial = self._serials.get(key, 0) + 1
        if serial >= 1_000_000:
            raise RuntimeError(f"national ID serials exhausted for {key}")
        self._serials[key] = serial
        return national_id.build(province_code, gender, birth_year, serial)


def full_name(rng: random.Random, ethnicity: str, gender: str) -> str:
    female = gender == "F"
    if ethnicity == "Khmer":
        given = N.KHMER_FEMALE_GIVEN if female else N.KHMER_MALE_GIVEN
        return nfc(f"{pick(rng, KHMER)} {rng.choice(given)}")
    if ethnicity == "Hoa":
        given = N.HOA_FEMALE if female else N.HOA_MALE
        return nfc(f"{pick(rng, HOA)} {rng.choice(given)}")
    middle = pick(rng, FEMALE_MIDDLE if female else MALE_MIDDLE)
    given = rng.choice(N.FEMALE_GIVEN if female else N.MALE_GIVEN)
    return nfc(f"{pick(rng, KINH)} {middle} {given}")


def make_identity(
    rng: random.Random,
    ids: IdFactory,
    *,
    sector: str,
    province_code: str,
    province_name: str,
    joined: dt.date,
    recent: bool,
    today: dt.date,
) -> Identity:
    """A person who joined the pipeline on `joined` (aged 18–47 then), working in `sector`."""
    gender = "F" if rng.random() < 0.42 else "M"
    age = 18 + int(rng.random() ** 1.8 * 30)
    dob = dt.date.fromordinal(joined.toordinal() - age * 365 - rng.randint(0, 364))
    ethnicity = pick(rng, ETHNICITIES)
    occupation, group, qualification = rng.choice(N.JOBS_BY_SECTOR[sector])
    if recent and sector == "education" and age < 24 and rng.random() < STUDENT_SHARE * 2:
        occupation, group, qualification = N.STUDENT_JOB
    elif (today.year - dob.year) >= 62:
        occupation, group, qualification = N.RETIRED_JOB
    # Mostly born where they live; one in ten registered in another province.
    code = province_code if rng.random() < 0.9 else rng.choice(sorted(national_id.PROVINCE_CODES))
    return Identity(
        full_name=full_name(rng, ethnicity, gender),
        gender=gender,
        date_of_birth=dob,
        national_id=ids.next(code, gender, dob.year),
        ethnicity=ethnicity,
        religion=pick(rng, RELIGIONS[ethnicity]) if rng.random() < 0.5 else "Không",
        education_level=EDUCATION_BY_QUALIFICATION.get(qualification, "upper_secondary"),
        qualification=qualification,
        occupation=occupation,
        occupation_group=group,
        youth_union=(today.year - dob.year) <= 30 and rng.random() < 0.8,
        trade_union=sector in UNION_SECTORS and rng.random() < 0.85,
        demobilised=gender == "M" and rng.random() < 0.06,
        residence=nfc(f"Tổ dân phố {rng.randint(1, 40)}, {province_name}"),
        phone=f"{rng.choice(N.PHONE_PREFIXES)}{rng.randint(0, 9_999_999):07d}",
    )


PERSON_COLUMNS = [
    "id", "full_name", "name_key", "name_folded", "gender", "date_of_birth", "national_id",
    "ethnicity", "religion", "education_level", "qualification", "occupation", "occupation_group",
    "is_youth_union_member", "is_trade_union_member", "is_demobilised_soldier", "residence",
    "workplace", "phone", "status", "created_at", "updated_at", "organization_id",
]  # fmt: skip


def person_row(pk: int, who: Identity, workplace: str, status: str, org_id: int, stamp: dt.datetime) -> tuple:
    # The same keys as people.services._apply: search_key() and the lower-cased name.
    return (
        pk, who.full_name, search_key(who.full_name), who.full_name.lower(), who.gender, who.date_of_birth, who.national_id,
        who.ethnicity, who.religion, who.education_level, who.qualification, who.occupation,
        who.occupation_group, who.youth_union, who.trade_union, who.demobilised, who.residence,
        workplace, who.phone, status, stamp, stamp, org_id,
    )  # fmt: skip
