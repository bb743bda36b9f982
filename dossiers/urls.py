from django.urls import path

from dossiers import catalogue_views, views

app_name = "dossiers"
urlpatterns = [
    path("", views.report_list, name="report-list"),
    path("consolidation/", views.consolidation, name="consolidation"),
    path("consolidation/export/", views.consolidation_export, name="consolidation-export"),
    path("r/<int:report_id>/export/", views.report_export, name="report-export"),
    path("r/<int:report_id>/<str:action>/", views.report_transition, name="report-transition"),
    path("u/<str:agency_code>/<str:period_code>/", views.report_edit, name="report-edit"),
    path("u/<str:agency_code>/<str:period_code>/import/", views.report_import, name="report-import"),
    # Catalogue: fields, procedures and the decisions announcing them.
    path("catalogue/", catalogue_views.procedure_list, name="procedure-list"),
    path("catalogue/import/", catalogue_views.catalogue_import, name="catalogue-import"),
    path("decisions/", catalogue_views.decision_list, name="decision-list"),
]
