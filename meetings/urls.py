from django.urls import path

from meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.home, name="home"),
    path("board/", views.board, name="board"),
    path("inbox/", views.inbox, name="inbox"),
    path("units/<str:code>/tasks/", views.inbox, name="agency-inbox"),
    path("units/<str:code>/tasks.xlsx", views.export_inbox, name="agency-export"),
    path("open-tasks.xlsx", views.export_open_tasks, name="open-tasks-export"),
    path("meetings/", views.meeting_list, name="meeting-list"),
    path("meetings/new/", views.meeting_create, name="meeting-create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/close/", views.meeting_close, name="meeting-close"),
    path("meetings/<int:pk>/reopen/", views.meeting_reopen, name="meeting-reopen"),
    path("meetings/<int:pk>/attachments/", views.meeting_attach, name="meeting-attach"),
    path("meetings/<int:pk>/tasks/new/", views.task_create, name="task-create"),
    path("meetings/<int:pk>/tasks.xlsx", views.export_meeting, name="meeting-export"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("tasks/new/", views.task_create, name="task-create-other"),
    path("tasks/<int:pk>/", views.task_detail, name="task-detail"),
    path("tasks/<int:pk>/progress/", views.task_progress, name="task-progress"),
    path("tasks/<int:pk>/completion/", views.task_completion, name="task-completion"),
    path("tasks/<int:pk>/extension/", views.task_extension, name="task-extension"),
    path("completions/<int:pk>/confirm/", views.completion_decide, {"decision": "confirm"}, name="completion-confirm"),
    path("completions/<int:pk>/reject/", views.completion_decide, {"decision": "reject"}, name="completion-reject"),
    path("extensions/<int:pk>/grant/", views.extension_decide, {"decision": "grant"}, name="extension-grant"),
    path("extensions/<int:pk>/refuse/", views.extension_decide, {"decision": "refuse"}, name="extension-refuse"),
    path("reminders/", views.reminders, name="reminders"),
]
