from django.urls import path

from templates_app.views import batches, review, rows, templates

app_name = "templates_app"
urlpatterns = [
    path("templates/", templates.template_list, name="template_list"),
    path("templates/upload/", templates.template_upload, name="template_upload"),
    path("templates/pull/", templates.template_pull, name="template_pull"),
    path("templates/<id:pk>/", templates.template_detail, name="template_detail"),
    path("templates/<id:pk>/scenes/", templates.template_scenes_save, name="template_scenes_save"),
    path("templates/<id:pk>/delete/", templates.template_delete, name="template_delete"),
    path("batches/", batches.batch_list, name="batch_list"),
    path("batches/new/", batches.batch_new, name="batch_new"),
    path("batches/<id:pk>/", batches.batch_detail, name="batch_detail"),
    path("batches/<id:pk>/mapping/", batches.batch_mapping, name="batch_mapping"),
    path("batches/<id:pk>/progress/", batches.batch_progress, name="batch_progress"),
    path("batches/<id:pk>/preview/", batches.batch_preview, name="batch_preview"),
    path("batches/<id:pk>/launch/", batches.batch_launch, name="batch_launch"),
    path("batches/<id:pk>/brand/", batches.batch_set_brand, name="batch_set_brand"),
    path("batches/<id:pk>/retry/", batches.batch_retry, name="batch_retry"),
    path("batches/<id:pk>/cancel/", batches.batch_cancel, name="batch_cancel"),
    path("batches/<id:pk>/results.csv", batches.batch_results_csv, name="batch_results_csv"),
    path("batches/<id:pk>/video-links.txt", batches.batch_video_links, name="batch_video_links"),
    path("batches/<id:pk>/rows/add/", rows.row_add, name="row_add"),
    path("batches/<id:pk>/review/", review.batch_review_page, name="batch_review"),
    path("batches/<id:pk>/review/approve-rest/", review.batch_approve_rest, name="batch_approve_rest"),
    path("rows/<id:pk>/flag/", review.row_flag, name="row_flag"),
    path("rows/<id:pk>/unflag/", review.row_unflag, name="row_unflag"),
    path("rows/<id:pk>/", rows.row_display, name="row_display"),
    path("rows/<id:pk>/edit/", rows.row_edit, name="row_edit"),
    path("rows/<id:pk>/delete/", rows.row_delete, name="row_delete"),
    path("rows/<id:pk>/rerun/", rows.row_rerun, name="row_rerun"),
]
