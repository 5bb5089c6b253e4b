from django.apps import AppConfig


class RatingsConfig(AppConfig):
    name = "dangvu.ratings"
    label = "ratings"
    verbose_name = "Đánh giá, xếp loại chất lượng"
