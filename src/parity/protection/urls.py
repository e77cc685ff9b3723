from django.urls import path

from parity.protection.views import (
    auth,
    cases,
    consent,
    enrolment,
    export,
    intake,
    referrals,
    statistics,
)

app_name = "protection"

urlpatterns = [
    path("", intake.home, name="home"),
    path("2fa/", auth.second_factor, name="2fa"),
    path("reauth/", auth.reauth, name="reauth"),
    path("enrolment/", enrolment.enrolment_codes, name="enrolment"),
    path("contacts/", intake.contacts, name="contacts"),
    path("contacts/new/", intake.contact_new, name="contact-new"),
    path("cases/new/", intake.case_new, name="case-new"),
    path("cases/<str:number>/", cases.case_detail, name="case"),
    path("cases/<str:number>/reveal/", cases.case_reveal, name="case-reveal"),
    path("cases/<str:number>/identity/", cases.case_identity, name="case-identity"),
    path("cases/<str:number>/profile/", cases.case_profile, name="case-profile"),
    path("cases/<str:number>/screening/", cases.case_screen, name="case-screen"),
    path("cases/<str:number>/decision/", cases.case_decide, name="case-decide"),
    path("cases/<str:number>/services/", cases.case_service, name="case-service"),
    path("cases/<str:number>/followups/", cases.case_followup, name="case-followup"),
    path("cases/<str:number>/consents/", consent.case_consent, name="case-consent"),
    path("cases/<str:number>/referrals/", referrals.case_refer, name="case-refer"),
    path("cases/<str:number>/close/", cases.case_close, name="case-close"),
    path("cases/<str:number>/audit/", cases.case_audit, name="case-audit"),
    path("api/cases/<str:number>/", cases.case_api, name="case-api"),
    path("referrals/<int:pk>/revoke/", referrals.referral_revoke, name="referral-revoke"),
    path("referrals/<int:pk>/<str:answer>/", referrals.referral_respond, name="referral-respond"),
    path("statistics/", statistics.statistics, name="statistics"),
    path("statistics/feed/", statistics.statistics_feed, name="statistics-feed"),
    path("export/htcds.<str:fmt>", export.export_htcds, name="export"),
]
