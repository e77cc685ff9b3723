"""Closed IATI 2.03 code sets enforced by the database (small lists only; open or long lists
such as currencies and sectors are checked by validators against the codelists)."""

TRANSACTION_TYPES = {
    "1": "Incoming Funds",
    "2": "Outgoing Commitment",
    "3": "Disbursement",
    "4": "Expenditure",
    "5": "Interest Payment",
    "6": "Loan Repayment",
    "7": "Reimbursement",
    "8": "Purchase of Equity",
    "9": "Sale of Equity",
    "10": "Credit Guarantee",
    "11": "Incoming Commitment",
    "12": "Outgoing Pledge",
    "13": "Incoming Pledge",
}
ACTIVITY_STATUSES = {
    "1": "Pipeline/identification",
    "2": "Implementation",
    "3": "Finalisation",
    "4": "Closed",
    "5": "Cancelled",
    "6": "Suspended",
}
ACTIVITY_DATE_TYPES = {
    "1": "Planned start",
    "2": "Actual start",
    "3": "Planned end",
    "4": "Actual end",
}
ORGANISATION_ROLES = {"1": "Funding", "2": "Accountable", "3": "Extending", "4": "Implementing"}
POLICY_SIGNIFICANCES = {
    0: "Not targeted",
    1: "Significant objective",
    2: "Principal objective",
    3: "Principal objective and in support of an action programme",
    4: "Explicit primary objective",
}
GENDER_MARKER_SCORES = {0: "Not targeted", 1: "Significant", 2: "Principal"}
RESULT_TYPES = {"1": "Output", "2": "Outcome", "3": "Impact", "9": "Other"}
INDICATOR_MEASURES = {
    "1": "Unit",
    "2": "Percentage",
    "3": "Nominal",
    "4": "Ordinal",
    "5": "Qualitative",
}
BUDGET_TYPES = {"1": "Original", "2": "Revised"}
BUDGET_STATUSES = {"1": "Indicative", "2": "Committed"}
RELATED_ACTIVITY_TYPES = {
    "1": "Parent",
    "2": "Child",
    "3": "Sibling",
    "4": "Co-funded",
    "5": "Third party",
}
DESCRIPTION_TYPES = {"1": "General", "2": "Objectives", "3": "Target groups", "4": "Other"}
# OECD-DAC "bilateral allocable" aid types, the denominator of the headline gender statistics.
BILATERAL_ALLOCABLE_AID_TYPES = ("A02", "B01", "B03", "B04", "C01", "D01", "D02", "E01")


def choices(codes: dict) -> list[tuple]:
    return [(code, f"{code} - {label}") for code, label in codes.items()]
