"""The admissions router every route module of this package registers on."""

from ninja import Router

router = Router(tags=["Phát triển đảng viên"])
