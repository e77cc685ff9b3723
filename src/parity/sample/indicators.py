"""Result indicator templates by sector group.

Each template says whether it is gender-specific (it measures something about women, girls or
gender relations) and how its values are disaggregated by sex. The marker checks look for exactly
these two things, so the generator keeps them explicit instead of guessing from titles.
"""

from __future__ import annotations

from dataclasses import dataclass

OUTPUT = "1"
OUTCOME = "2"
UNIT = "1"
PERCENTAGE = "2"


@dataclass(frozen=True)
class IndicatorTemplate:
    title: str
    level: str  # ResultType the indicator belongs under: OUTPUT or OUTCOME
    measure: str  # UNIT or PERCENTAGE
    gender_specific: bool
    # "" never disaggregated; "people" female+male rows when the activity disaggregates;
    # "female" one female row; "both" always female and male rows
    sexes: str
    scale: int  # typical yearly target (unit) or end-of-activity target (percentage)


_KINDS = {
    "-": (False, ""),
    "p": (False, "people"),
    "w": (True, "female"),
    "g": (True, "both"),
    "G": (True, ""),
}


def _templates(rows: str) -> tuple[IndicatorTemplate, ...]:
    templates = []
    for row in filter(None, rows.splitlines()):
        level, measure, kind, scale, title = row.split("|")
        gender_specific, sexes = _KINDS[kind]
        templates.append(
            IndicatorTemplate(title, level, measure, gender_specific, sexes, int(scale))
        )
    return tuple(templates)


# level | measure | kind (see _KINDS) | scale | title
_PLAIN = {
    "education": """
1|1|-|40|Number of classrooms built or rehabilitated
1|1|p|800|Number of teachers trained
1|1|p|5000|Number of students receiving learning materials
2|2|p|75|Primary school completion rate (%)
2|2|-|60|Percentage of schools meeting minimum standards
""",
    "health": """
1|1|p|600|Number of health workers trained
1|1|-|25|Number of health facilities equipped
2|1|p|20000|Number of patients treated at supported facilities
2|2|-|85|Percentage of births attended by skilled personnel
""",
    "water": """
1|1|-|60|Number of water points constructed
1|1|p|15000|Number of people with access to basic drinking water
2|2|-|70|Percentage of households using improved sanitation
""",
    "governance": """
1|1|p|400|Number of civil servants trained
1|1|-|6|Number of laws, policies or regulations drafted
2|2|-|65|Percentage of citizens satisfied with public services
2|1|p|3000|Number of people receiving legal aid
""",
    "social": """
1|1|p|10000|Number of households receiving cash transfers
2|2|-|40|Coverage of social protection programmes (%)
""",
    "infrastructure": """
1|1|-|45|Kilometres of road rehabilitated
1|1|-|12|Megawatts of renewable capacity installed
2|1|p|30000|Number of people with improved access to services
2|2|-|55|Percentage of households with electricity
""",
    "economy": """
1|1|p|1500|Number of entrepreneurs trained
1|1|-|300|Number of enterprises receiving loans
2|1|p|2500|Number of jobs created
2|2|-|35|Percentage increase in sales of supported enterprises
""",
    "agriculture": """
1|1|p|2500|Number of farmers trained in improved practices
1|1|-|800|Hectares under improved irrigation
2|2|-|30|Percentage increase in crop yields
2|1|p|4000|Number of farmers adopting improved practices
""",
    "environment": """
1|1|-|5|Number of environmental management plans adopted
2|1|-|1200|Hectares of land under sustainable management
""",
    "admin": """
1|1|p|5000|Number of people reached by development awareness events
2|1|-|3|Number of evaluations completed and published
""",
    "humanitarian": """
1|1|p|12000|Number of people receiving relief items
1|1|-|30|Number of community preparedness plans
2|2|-|80|Percentage of communities with early warning systems
""",
}

# Gender-specific indicators that fit any sector; group-specific ones are added below.
_GENDER_COMMON = """
1|1|w|300|Number of women trained
1|1|g|2000|Number of people reached by awareness activities on gender equality
2|2|G|40|Percentage of women in decision-making positions in supported bodies
2|1|w|1500|Number of women reporting increased income
"""

_GENDER = {
    "education": """
1|1|w|3000|Number of girls enrolled in supported schools
2|2|G|80|Girls' secondary school completion rate (%)
""",
    "health": """
1|1|w|4000|Number of women receiving antenatal care
2|2|G|70|Percentage of women using modern contraceptive methods
""",
    "water": """
2|2|G|50|Percentage of water committees with women in leadership roles
""",
    "governance": """
1|1|w|150|Number of women candidates trained
2|2|G|30|Proportion of seats held by women in local councils
1|1|g|1200|Number of survivors of gender-based violence receiving support
""",
    "economy": """
1|1|w|500|Number of women-led enterprises supported
2|2|G|45|Percentage of loans issued to women
""",
    "agriculture": """
1|1|w|1500|Number of women farmers trained
2|2|G|35|Percentage of women holding land titles
""",
    "gender": """
1|1|g|1200|Number of survivors of gender-based violence receiving support
1|1|w|200|Number of women's rights organisations supported
2|2|G|25|Percentage of women reporting violence who access services
2|1|G|4|Number of gender-responsive laws or policies adopted
""",
}

# Gender-focused activities in the gender sectors borrow governance indicators for the rest.
PLAIN: dict[str, tuple[IndicatorTemplate, ...]] = {
    group: _templates(rows) for group, rows in _PLAIN.items()
} | {"gender": _templates(_PLAIN["governance"])}

GENDER: dict[str, tuple[IndicatorTemplate, ...]] = {
    group: _templates(_GENDER.get(group, "") + _GENDER_COMMON) for group in PLAIN
}

RESULT_TITLES = {
    OUTPUT: ("Services and skills delivered", "Capacities strengthened", "Infrastructure built"),
    OUTCOME: ("Improved access to services", "Better outcomes for target communities"),
}
GENDER_RESULT_TITLES = {
    OUTPUT: ("Women's skills and participation strengthened",),
    OUTCOME: ("Gender equality in access and decision-making improved",),
}
