from django.urls import path

from . import audit, member_record, orgs, pickers, reorganize, review_pack, users, views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("audit/", audit.audit_log, name="audit_log"),
    path("users/", users.user_list, name="user_list"),
    path("users/new/", users.user_new, name="user_new"),
    path("users/<int:pk>/", users.user_detail, name="user_detail"),
    path("members/<int:pk>/edit/", member_record.member_edit, name="member_edit"),
    path("members/<int:pk>/phieu.<str:fmt>", member_record.member_sheet_file, name="member_sheet"),
    path("members/<int:pk>/photo/", member_record.member_photo, name="member_photo"),
    path("members/<int:pk>/photo/edit/", member_record.member_photo_edit, name="member_photo_edit"),
    path("members/<int:pk>/family/", member_record.member_family, name="member_family"),
    path("orgs/pick/", pickers.org_pick, name="org_pick"),
    path("orgs/", orgs.org_tree, name="org_tree"),
    path("orgs/reorganize/", reorganize.reorganize, name="reorganize"),
    path("orgs/<int:pk>/", orgs.org_detail, name="org_detail"),
    path("orgs/<int:pk>/review-pack/", views.review_pack, name="review_pack"),
    path("orgs/<int:pk>/review-pack/start/", review_pack.review_pack_start_view, name="review_pack_start"),
    path("orgs/<int:pk>/review-pack/jobs/<int:job_id>/", review_pack.review_pack_job, name="review_pack_job"),
    path("orgs/<int:pk>/review-pack/jobs/<int:job_id>/file/", review_pack.review_pack_download,
         name="review_pack_download"),
    path("orgs/<int:pk>/<slug:action>/", orgs.org_action, name="org_action"),
]
