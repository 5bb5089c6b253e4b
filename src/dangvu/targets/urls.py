from django.urls import path

from . import views

app_name = "targets"
urlpatterns = [
    path("", views.index, name="index"),
    path("indicators/", views.indicators, name="indicators"),
    path("<int:pk>/split/", views.split, name="split"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
