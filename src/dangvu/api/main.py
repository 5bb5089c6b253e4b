"""The ninja API object under /api/v1; each app contributes its router from <app>/api.py."""

from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from dangvu.accounts.api import router as accounts_router
from dangvu.admissions.api import router as admissions_router
from dangvu.documents.api import router as documents_router
from dangvu.enterprises.api import router as enterprises_router
from dangvu.enterprises.workers_api import router as workers_router
from dangvu.imports.api import router as imports_router
from dangvu.members.api import router as members_router
from dangvu.members.family_api import router as family_router
from dangvu.members.transfer_api import router as transfers_router
from dangvu.ratings.api import router as ratings_router
from dangvu.reports.api import router as reports_router
from dangvu.targets.api import router as targets_router

from .auth import BearerToken
from .docs import LocalSwagger, docs_access
from .errors import install
from .organizations import router as orgs_router
from .parsing import StrictParser
from .reorganizations import router as reorganizations_router


class Utf8JSONRenderer(JSONRenderer):
    # Vietnamese stays readable in curl output and logs ("Đảng bộ", not "\\u0110\\u1ea3ng b\\u1ed9").
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="Đảng vụ API",
    version="1",
    description="API REST của Đảng vụ. Lấy mã truy cập tại POST /api/v1/auth/token rồi gửi "
    "`Authorization: Bearer <mã>` ở mọi yêu cầu khác. Ngày dạng YYYY-MM-DD. Lỗi trả về JSON "
    "`{detail, field, rule}` bằng tiếng Việt.",
    urls_namespace="api",
    auth=BearerToken(),
    docs=LocalSwagger(),
    docs_decorator=docs_access,
    renderer=Utf8JSONRenderer(),
    parser=StrictParser(),
)
install(api)
api.add_router("", accounts_router)
api.add_router("", orgs_router)
api.add_router("", reorganizations_router)
# Before members: its /members/probation-due must be tried ahead of /members/{member_id}.
api.add_router("", admissions_router)
api.add_router("", members_router)
api.add_router("", family_router)
api.add_router("", transfers_router)
api.add_router("", reports_router)
api.add_router("", ratings_router)
api.add_router("", workers_router)
api.add_router("", enterprises_router)
api.add_router("", targets_router)
api.add_router("", documents_router)
api.add_router("", imports_router)
