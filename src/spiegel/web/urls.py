# mypy: disable-error-code="untyped-decorator,misc,no-any-return"
# (Django and DRF ship no type information here: their classes and decorators are Any)
from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from spiegel.web.views import api, assess, consent, errors, organisation, pages, people, team, third_parties

urlpatterns = [
    path("", pages.home, name="home"),
    path("login/", auth_views.LoginView.as_view(template_name="spiegel_web/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("people/<int:person_id>/", pages.profile, name="profile"),
    path("people/<int:person_id>/report/", pages.report, name="report"),
    path("people/<int:person_id>/snapshots/<int:snapshot_id>/annotate/", pages.annotate, name="annotate"),
    path("people/<int:person_id>/snapshots/<int:snapshot_id>/release/", pages.release, name="release"),
    path("people/<int:person_id>/snapshots/<int:snapshot_id>/judge/", pages.judge, name="judge"),
    path(
        "people/<int:person_id>/snapshots/<int:snapshot_id>/contests/<int:annotation_id>/review/",
        pages.review,
        name="review_contest",
    ),
    path("people/<int:person_id>/accounts/", consent.accounts, name="accounts"),
    path("people/<int:person_id>/accounts/<int:account_id>/withdraw/", consent.withdraw, name="withdraw"),
    path(
        "people/<int:person_id>/accounts/<int:account_id>/public/",
        consent.declare_public,
        name="declare_public",
    ),
    path(
        "people/<int:person_id>/accounts/<int:account_id>/erase/", consent.erase_account, name="erase_account"
    ),
    path("people/<int:person_id>/upload/", consent.upload, name="upload"),
    path("people/<int:person_id>/audit/", consent.audit_page, name="audit"),
    path("people/<int:person_id>/export.json", consent.export, name="export"),
    path("people/<int:person_id>/erase/", consent.erase, name="erase"),
    path("people/<int:person_id>/360/", assess.overview, name="assess"),
    path("people/<int:person_id>/360/invite/", assess.invite, name="invite"),
    path("people/<int:person_id>/360/self/", assess.self_assessment, name="self_assessment"),
    path("people/<int:person_id>/360/remind/", assess.remind, name="invite_remind"),
    path("people/<int:person_id>/gespreksverslag/", pages.conversation, name="conversation"),
    path("people/<int:person_id>/gespreksverslag.pdf", pages.conversation_pdf, name="conversation_pdf"),
    path(
        "people/<int:person_id>/360/invitations/<int:invitation_id>/resend/",
        assess.resend,
        name="invite_resend",
    ),
    path(
        "people/<int:person_id>/360/invitations/<int:invitation_id>/revoke/",
        assess.revoke,
        name="invite_revoke",
    ),
    path("360/<str:token>/", assess.answer, name="answer"),
    path("invitation/<str:token>/", assess.answer_link, name="answer_link"),
    path("organisation/", organisation.stream_settings, name="organisation"),
    path("organisation/people/", people.people, name="org_people"),
    path("organisation/config/", organisation.org_config, name="org_config"),
    path("organisation/norms/", organisation.org_norms, name="org_norms"),
    path("organisation/retention/", organisation.retention_settings, name="org_retention"),
    path("organisation/deployer/", organisation.deployer_setup, name="org_deployer"),
    path("organisation/jobs/", organisation.jobs_health, name="org_jobs"),
    path("organisation/questionnaire/", assess.reliability, name="org_reliability"),
    path("organisation/oversight/", organisation.oversight_settings, name="org_oversight"),
    path("organisation/third-parties/", third_parties.search, name="org_third_parties"),
    path("organisation/third-parties/export.json", third_parties.export, name="org_third_parties_export"),
    path("organisation/third-parties/act/", third_parties.act, name="org_third_parties_act"),
    path("third-parties/", third_parties.notice, name="third_party_notice"),
    path("accessibility/", pages.accessibility, name="accessibility"),
    path("sources/<int:source_id>/status/", consent.source_status, name="source_status"),
    path("teams/<int:team_id>/", team.dashboard, name="team"),
    path("teams/<int:team_id>/export.csv", team.export_csv, name="team_csv"),
    path("teams/<int:team_id>/export.json", team.export_json, name="team_json"),
    path("api/token/", api.TokenView.as_view(), name="api_token"),
    path("api/me/", api.MeView.as_view(), name="api_me"),
    path("api/people/<int:person_id>/profile/", api.ProfileView.as_view(), name="api_profile"),
    path("api/people/<int:person_id>/export/", api.PersonExportView.as_view(), name="api_export"),
    path("api/people/<int:person_id>/audit/", api.AuditView.as_view(), name="api_audit"),
    path("api/teams/<int:team_id>/", api.TeamView.as_view(), name="api_team"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("admin/", admin.site.urls),
]

#: Dutch (or English) error pages in the site's layout, with a way back
handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error

if settings.OIDC_ENABLED:
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))
