from django.urls import path

from videos import views
from videos.views import people, reviews

app_name = "videos"
urlpatterns = [
    path("", views.project_list, name="project_list"),
    path("projects/new/", views.project_create, name="project_create"),
    path("projects/<id:pk>/", views.project_detail, name="project_detail"),
    path("projects/<id:pk>/settings/", views.project_settings, name="project_settings"),
    path("projects/<id:pk>/scenes/", views.scene_add, name="scene_add"),
    path("projects/<id:pk>/scenes/new/", views.scene_new, name="scene_new"),
    path("projects/<id:pk>/estimate/", views.storyboard_estimate, name="storyboard_estimate"),
    path("projects/<id:pk>/actions/", views.project_actions, name="project_actions"),
    path("projects/<id:pk>/jobs/", views.project_jobs_panel, name="project_jobs"),
    path("projects/<id:pk>/preview/", views.project_preview, name="project_preview"),
    path("projects/<id:pk>/render/", views.project_render, name="project_render"),
    path("scenes/<id:pk>/", views.scene_row, name="scene_row"),
    path("scenes/<id:pk>/edit/", views.scene_edit, name="scene_edit"),
    path("scenes/<id:pk>/duplicate/", views.scene_duplicate, name="scene_duplicate"),
    path("scenes/<id:pk>/delete/", views.scene_delete, name="scene_delete"),
    path("scenes/<id:pk>/move/<str:direction>/", views.scene_move, name="scene_move"),
    path("jobs/<id:pk>/status/", views.job_status, name="job_status"),
    path("jobs/<id:pk>/check/", views.job_check, name="job_check"),
    path("jobs/<id:pk>/send-again/", views.job_send_again, name="job_send_again"),
    path("jobs/<id:pk>/cancel/", views.job_cancel, name="job_cancel"),
    path("reviews/", reviews.review_queue, name="review_queue"),
    path("versions/<id:pk>/review/", reviews.version_review, name="version_review"),
    path("versions/<id:pk>/send-for-review/", reviews.version_send_for_review, name="version_send_for_review"),
    path("versions/<id:pk>/withdraw/", reviews.version_withdraw, name="version_withdraw"),
    path("versions/<id:pk>/decide/", reviews.version_decide, name="version_decide"),
    path("versions/<id:pk>/comments/", reviews.comment_add, name="comment_add"),
    path("comments/<id:pk>/resolve/", reviews.comment_resolve, name="comment_resolve"),
    path("projects/<id:pk>/compare/", reviews.project_compare, name="project_compare"),
    path("people/", people.people, name="people"),
    path("people/<id:pk>/roles/", people.person_roles, name="person_roles"),
    path("settings/notifications/", people.notification_settings, name="notification_settings"),
    path("hooks/pictory/<uuid:marker>/<str:token>/", views.pictory_webhook, name="pictory_webhook"),
]
