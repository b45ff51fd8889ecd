from videos.views.jobs import job_cancel, job_check, job_send_again, job_status, pictory_webhook
from videos.views.projects import (
    project_actions,
    project_create,
    project_detail,
    project_jobs_panel,
    project_list,
    project_preview,
    project_render,
    project_settings,
)
from videos.views.scenes import (
    scene_add,
    scene_delete,
    scene_duplicate,
    scene_edit,
    scene_move,
    scene_new,
    scene_row,
    storyboard_estimate,
)

__all__ = [
    "job_cancel", "job_check", "job_send_again", "job_status", "pictory_webhook",
    "project_actions", "project_create", "project_detail", "project_jobs_panel", "project_list",
    "project_preview", "project_render", "project_settings",
    "scene_add", "scene_delete", "scene_duplicate", "scene_edit", "scene_move", "scene_new", "scene_row",
    "storyboard_estimate",
]
