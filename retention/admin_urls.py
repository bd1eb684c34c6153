"""URLs of the retention back office, mounted under ``/admin/retention/`` by
``wagtail_hooks.register_retention_admin_urls``."""

from __future__ import annotations

from django.urls import path

from retention.views import disposition, filing, history, holds, lending, records

app_name = "retention_admin"

urlpatterns = [
    path("pages/<int:page_id>/file/", filing.file_page, name="file_record"),
    path("catalogue/", filing.catalogue, name="catalogue"),
    path("filed/<int:filed_id>/", records.filed_detail, name="filed"),
    path("filed/<int:filed_id>/correct/", records.correct, name="correct"),
    path("history/<str:kind>/<int:pk>/", history.history, name="history"),
    path("pages/<int:page_id>/holds/", holds.page_holds, name="page_holds"),
    path("holds/", holds.report, name="holds"),
    path("holds/<int:hold_id>/lift/", holds.lift, name="lift_hold"),
    path("due/", disposition.due, name="due"),
    path("filed/<int:filed_id>/appraise/", disposition.appraise_view, name="appraise"),
    path("appraisals/", disposition.appraisals, name="appraisals"),
    path("appraisals/<int:appraisal_id>/approve/", disposition.approve, name="approve"),
    path("appraisals/<int:appraisal_id>/destroy/", disposition.destroy, name="destroy"),
    path("destruction-register/", disposition.register, name="destruction_register"),
    path("loans/", lending.loans, name="loans"),
    path("loans/new/", lending.new_loan, name="new_loan"),
    path("loans/approvals/", lending.approvals, name="loan_approvals"),
    path("loans/<int:loan_id>/", lending.loan_detail, name="loan"),
    path("loans/<int:loan_id>/<str:step>/", lending.loan_step, name="loan_step"),
]
