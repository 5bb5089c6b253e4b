from django.urls import path

from . import views

urlpatterns = [
    path("", views.member_list, name="member_list"),
    path("new/<int:org_pk>/", views.member_new, name="member_new"),
    path("<int:pk>/", views.member_detail, name="member_detail"),
    path("<int:pk>/events/", views.member_event_record, name="member_event_record"),
    path("<int:pk>/void/", views.member_event_void, name="member_event_void"),
    path("transfers/", views.transfer_letter_list, name="transfer_letters"),
    path("transfers/<int:pk>/presented/", views.transfer_letter_present, name="transfer_letter_present"),
    path("transfers/<int:pk>/correct/", views.transfer_letter_correct_view, name="transfer_letter_correct"),
]
