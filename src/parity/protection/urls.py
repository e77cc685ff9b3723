from django.urls import path

from parity.protection import views

app_name = "protection"

urlpatterns = [
    path("", views.home, name="home"),
    path("2fa/", views.second_factor, name="2fa"),
    path("reauth/", views.reauth, name="reauth"),
    path("contacts/", views.contacts, name="contacts"),
    path("contacts/new/", views.contact_new, name="contact-new"),
    path("cases/new/", views.case_new, name="case-new"),
    path("cases/<str:number>/", views.case_detail, name="case"),
    path("cases/<str:number>/reveal/", views.case_reveal, name="case-reveal"),
    path("cases/<str:number>/identity/", views.case_identity, name="case-identity"),
    path("cases/<str:number>/profile/", views.case_profile, name="case-profile"),
    path("cases/<str:number>/screening/", views.case_screen, name="case-screen"),
    path("cases/<str:number>/decision/", views.case_decide, name="case-decide"),
    path("cases/<str:number>/services/", views.case_service, name="case-service"),
    path("cases/<str:number>/followups/", views.case_followup, name="case-followup"),
    path("cases/<str:number>/consents/", views.case_consent, name="case-consent"),
    path("cases/<str:number>/referrals/", views.case_refer, name="case-refer"),
    path("cases/<str:number>/close/", views.case_close, name="case-close"),
    path("cases/<str:number>/audit/", views.case_audit, name="case-audit"),
    path("api/cases/<str:number>/", views.case_api, name="case-api"),
    path("referrals/<int:pk>/revoke/", views.referral_revoke, name="referral-revoke"),
    path("referrals/<int:pk>/<str:answer>/", views.referral_respond, name="referral-respond"),
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/feed/", views.statistics_feed, name="statistics-feed"),
    path("export/htcds.<str:fmt>", views.export_htcds, name="export"),
]
