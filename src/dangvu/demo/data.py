"""Names of agencies, enterprises, places and trades for demo data, in the flavour of Ninh Bình's bloc
committee reports (Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh: 159 tổ chức cơ sở đảng, 80 đảng bộ
và 79 chi bộ cơ sở, trên 8.600 đảng viên)."""

# (unit name, sector, big) — big units become đảng bộ cơ sở with subordinate cells, the rest chi bộ cơ sở.
PARTY_AGENCIES = [
    ("Văn phòng Tỉnh ủy", True), ("Ban Tổ chức Tỉnh ủy", False), ("Ban Tuyên giáo và Dân vận Tỉnh ủy", False),
    ("Ủy ban Kiểm tra Tỉnh ủy", False), ("Ban Nội chính Tỉnh ủy", False), ("Cơ quan Đảng ủy Khối", False),
    ("Báo Ninh Bình", True), ("Trường Chính trị tỉnh", True), ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", True),
    ("Tỉnh đoàn", False), ("Hội Liên hiệp Phụ nữ tỉnh", False), ("Hội Nông dân tỉnh", False),
    ("Hội Cựu chiến binh tỉnh", False), ("Liên đoàn Lao động tỉnh", True), ("Liên minh Hợp tác xã tỉnh", False),
    ("Hội Chữ thập đỏ tỉnh", False), ("Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh", False),
]
STATE_AGENCIES = [
    ("Sở Tài chính", True), ("Sở Kế hoạch và Đầu tư", True), ("Sở Y tế", True), ("Sở Giáo dục và Đào tạo", True),
    ("Sở Nông nghiệp và Phát triển nông thôn", True), ("Sở Tài nguyên và Môi trường", True),
    ("Sở Giao thông vận tải", True), ("Sở Xây dựng", True), ("Sở Công Thương", True),
    ("Sở Lao động - Thương binh và Xã hội", True), ("Sở Văn hóa và Thể thao", True), ("Sở Du lịch", True),
    ("Sở Khoa học và Công nghệ", False), ("Sở Thông tin và Truyền thông", False), ("Sở Tư pháp", False),
    ("Sở Nội vụ", True), ("Sở Ngoại vụ", False), ("Văn phòng Ủy ban nhân dân tỉnh", True),
    ("Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh", False), ("Thanh tra tỉnh", False),
    ("Ban Quản lý các khu công nghiệp tỉnh", True), ("Ban Dân tộc tỉnh", False), ("Cục Thuế tỉnh", True),
    ("Cục Thống kê tỉnh", False), ("Kho bạc Nhà nước Ninh Bình", True), ("Bảo hiểm xã hội tỉnh", True),
    ("Cục Thi hành án dân sự tỉnh", False), ("Viện Kiểm sát nhân dân tỉnh", True),
    ("Tòa án nhân dân tỉnh", True), ("Ngân hàng Nhà nước chi nhánh tỉnh Ninh Bình", False),
    ("Cục Quản lý thị trường tỉnh", False), ("Chi cục Hải quan Ninh Bình", False),
    ("Ban Quản lý Khu du lịch Tam Cốc - Bích Động", False), ("Chi cục Kiểm lâm tỉnh", True),
]
PUBLIC_SERVICE = [
    ("Bệnh viện Đa khoa tỉnh", True), ("Bệnh viện Sản Nhi", True), ("Bệnh viện Y dược cổ truyền", False),
    ("Bệnh viện Tâm thần", False), ("Bệnh viện Phổi", False), ("Bệnh viện Mắt", False),
    ("Bệnh viện Đa khoa Nho Quan", True), ("Bệnh viện Đa khoa Kim Sơn", True),
    ("Trung tâm Kiểm soát bệnh tật tỉnh", True), ("Trường Đại học Hoa Lư", True),
    ("Trường Cao đẳng Cơ giới Ninh Bình", True), ("Trường Cao đẳng Y tế Ninh Bình", True),
    ("Trường Cao đẳng Kỹ thuật công nghiệp", False), ("Trường Trung học phổ thông chuyên Lương Văn Tụy", True),
    ("Trường Trung học phổ thông Đinh Tiên Hoàng", False), ("Trường Trung học phổ thông Nguyễn Công Trứ", False),
    ("Đài Phát thanh và Truyền hình tỉnh", True), ("Trung tâm Xúc tiến đầu tư, thương mại và du lịch", False),
    ("Ban Quản lý Quần thể danh thắng Tràng An", True),
    ("Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp tỉnh", False),
    ("Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh", False),
    ("Trung tâm Phát triển quỹ đất tỉnh", False), ("Trung tâm Dịch vụ việc làm tỉnh", False),
    ("Thư viện tỉnh", False), ("Bảo tàng tỉnh", False), ("Trung tâm Văn hóa tỉnh", False),
    ("Nhà hát Chèo Ninh Bình", False), ("Trung tâm Huấn luyện và thi đấu thể thao tỉnh", False),
    ("Trung tâm Công nghệ thông tin và truyền thông", False), ("Trung tâm Bảo trợ xã hội tỉnh", False),
    ("Trung tâm Điều dưỡng người có công", False), ("Trung tâm Khuyến nông tỉnh", False),
    ("Quỹ Đầu tư phát triển tỉnh", False), ("Văn phòng Đăng ký đất đai tỉnh", True),
    ("Trung tâm Kiểm định chất lượng công trình xây dựng", False), ("Trung tâm Giám định y khoa tỉnh", False),
]
STATE_ENTERPRISES = [
    ("Công ty Điện lực Ninh Bình", True), ("Viễn thông Ninh Bình", True), ("Bưu điện tỉnh Ninh Bình", True),
    ("Công ty TNHH MTV Khai thác công trình thủy lợi Nam Ninh Bình", True),
    ("Công ty TNHH MTV Khai thác công trình thủy lợi Bắc Ninh Bình", True),
    ("Công ty Cổ phần Cấp thoát nước Ninh Bình", True), ("Công ty TNHH MTV Xổ số kiến thiết Ninh Bình", False),
    ("Ngân hàng Nông nghiệp và Phát triển nông thôn chi nhánh Ninh Bình", True),
    ("Ngân hàng TMCP Công thương chi nhánh Ninh Bình", False),
    ("Ngân hàng TMCP Đầu tư và Phát triển chi nhánh Ninh Bình", False),
    ("Ngân hàng TMCP Ngoại thương chi nhánh Ninh Bình", False),
    ("Ngân hàng Chính sách xã hội chi nhánh tỉnh Ninh Bình", True), ("Công ty Nhiệt điện Ninh Bình", True),
    ("Công ty TNHH MTV Đạm Ninh Bình", True), ("Công ty Cổ phần Môi trường và Dịch vụ đô thị Ninh Bình", True),
    ("Công ty Xi măng Vicem Tam Điệp", True), ("Công ty Xăng dầu Hà Nam Ninh", False),
    ("Công ty Bảo Việt Ninh Bình", False), ("Công ty Cổ phần Sách và Thiết bị trường học Ninh Bình", False),
    ("Công ty TNHH MTV Lâm nghiệp Ninh Bình", False), ("Công ty Cổ phần Giống cây trồng Ninh Bình", False),
    ("Công ty Cổ phần Quản lý và Xây dựng giao thông Ninh Bình", False),
    ("Công ty Cổ phần Xuất nhập khẩu Ninh Bình", False), ("Công ty Cổ phần Dược vật tư y tế Ninh Bình", False),
]
NON_STATE_ENTERPRISES = [
    ("Công ty TNHH May Nam Sơn", False), ("Công ty Cổ phần Đầu tư Xây dựng Hoàng Long", False),
    ("Công ty Cổ phần Xây dựng Thành Nam", False), ("Công ty Cổ phần Du lịch Tràng An", True),
    ("Công ty Cổ phần Xi măng Hướng Dương", False), ("Công ty TNHH Khai Sơn Ninh Bình", False),
    ("Công ty TNHH May Hữu Nghị Ninh Bình", False), ("Công ty Cổ phần Thương mại Tràng An", False),
    ("Hợp tác xã Dịch vụ nông nghiệp Khánh Hồng", False), ("Công ty Cổ phần Vận tải Hoa Lư", False),
    ("Công ty TNHH Cơ khí Tam Điệp", False), ("Công ty Cổ phần Vật liệu xây dựng Gia Viễn", False),
    ("Công ty TNHH Thực phẩm Phúc Lộc", False), ("Công ty TNHH Điện tử Việt Hàn Ninh Bình", False),
    ("Công ty Cổ phần Dược phẩm Thiên Trường", False), ("Công ty TNHH Giày da Bái Đính", False),
    ("Công ty Cổ phần Đầu tư và Phát triển Hưng Thịnh", False), ("Công ty TNHH Thương mại Minh Tâm", False),
    ("Công ty Cổ phần Khoáng sản Kim Sơn", False), ("Công ty TNHH May mặc Đông Á", False),
    ("Công ty Cổ phần Bê tông Vân Long", False), ("Công ty TNHH Xây dựng Phát Đạt", False),
    ("Hợp tác xã Cói Kim Sơn", False), ("Công ty Cổ phần Cơ khí Hồng Phát", False),
]
SECTOR_UNITS = {
    "party_agency": PARTY_AGENCIES,
    "state_agency": STATE_AGENCIES,
    "public_service": PUBLIC_SERVICE,
    "state_enterprise": STATE_ENTERPRISES,
    "non_state_enterprise": NON_STATE_ENTERPRISES,
}
# Extra enterprises for larger scales, assembled from these parts.
ENTERPRISE_FORMS = ["Công ty TNHH", "Công ty Cổ phần", "Công ty TNHH MTV"]
ENTERPRISE_TRADES = [
    "May", "Xây dựng", "Thương mại và Dịch vụ", "Cơ khí", "Vật liệu xây dựng", "Đầu tư và Phát triển", "Du lịch",
    "Vận tải", "Thực phẩm", "Dược phẩm", "Điện tử", "Giày da", "Đá mỹ nghệ", "Nông sản", "Thủy sản", "Gốm sứ",
]
ENTERPRISE_MARKS = [
    "Nam Sơn", "Tràng An", "Hoa Lư", "Thành Nam", "Kim Sơn", "Phát Đạt", "Hoàng Long", "Bái Đính", "Tam Cốc",
    "Vân Long", "Hồng Phát", "Minh Tâm", "Gia Viễn", "Yên Khánh", "Phúc Lộc", "Thiên Trường", "Hưng Thịnh",
    "Đông Á", "Việt Hàn", "Cúc Phương", "Kênh Gà", "Phát Diệm", "An Phú", "Thành Đạt", "Tân Thịnh", "Quang Minh",
]
# The merges the demo replays (2025 reforms; an enterprise merger earlier).
MERGE_COMMITTEE = ("Sở Kế hoạch và Đầu tư", "Sở Tài chính", "215-QĐ/ĐUK", (2025, 3, 1))
MERGE_CELL = ("Công ty Cổ phần Xây dựng Thành Nam", "Công ty Cổ phần Đầu tư Xây dựng Hoàng Long", "97-QĐ/ĐUK",
              (2023, 9, 15))
RENAME_LOCAL = ("Đảng bộ thành phố Ninh Bình", "Đảng bộ thành phố Hoa Lư", "2150-QĐ/TU", (2025, 3, 1))

# Subordinate cells (chi bộ trực thuộc) by kind of unit.
SUB_CELLS_AGENCY = [
    "Văn phòng", "Phòng Kế hoạch - Tài chính", "Phòng Tổ chức cán bộ", "Thanh tra", "Phòng Nghiệp vụ 1",
    "Phòng Nghiệp vụ 2", "Phòng Pháp chế", "Phòng Quản lý chuyên ngành", "Chi cục trực thuộc",
    "Trung tâm trực thuộc", "Phòng Tổng hợp", "Phòng Hành chính - Quản trị",
]
SUB_CELLS_HOSPITAL = [
    "Khoa Nội", "Khoa Ngoại", "Khoa Hồi sức tích cực - Chống độc", "Khoa Khám bệnh", "Khối Cận lâm sàng",
    "Phòng Điều dưỡng", "Khoa Sản", "Khoa Nhi", "Khoa Truyền nhiễm", "Phòng Kế hoạch tổng hợp", "Khoa Dược",
]
SUB_CELLS_SCHOOL = [
    "Khoa Kinh tế", "Khoa Sư phạm", "Khoa Ngoại ngữ", "Khoa Công nghệ thông tin", "Phòng Đào tạo",
    "Khối Văn phòng", "Sinh viên", "Tổ Toán - Tin", "Tổ Ngữ văn", "Tổ Khoa học tự nhiên",
]
SUB_CELLS_ENTERPRISE = [
    "Văn phòng Công ty", "Phòng Kỹ thuật", "Phòng Kinh doanh", "Phân xưởng Sản xuất", "Phân xưởng Cơ điện",
    "Đội Vận hành", "Chi nhánh Hoa Lư", "Chi nhánh Tam Điệp", "Chi nhánh Kim Sơn", "Chi nhánh Nho Quan",
    "Phòng Tài chính - Kế toán", "Ban Quản lý dự án",
]
SUB_CELLS_KHDT = [
    "Văn phòng Sở Kế hoạch và Đầu tư", "Phòng Đăng ký kinh doanh", "Phòng Quản lý đầu tư",
    "Phòng Kinh tế ngành", "Phòng Tổng hợp quy hoạch",
]

# Districts of the province before 2025 with some communes (xã/phường/thị trấn).
DISTRICTS: dict[str, list[str]] = {
    "thành phố Ninh Bình": [
        "phường Đông Thành", "phường Tân Thành", "phường Thanh Bình", "phường Vân Giang", "phường Phúc Thành",
        "phường Nam Thành", "phường Nam Bình", "phường Bích Đào", "phường Ninh Khánh", "phường Ninh Phong",
        "phường Ninh Sơn", "xã Ninh Nhất", "xã Ninh Tiến", "xã Ninh Phúc",
    ],
    "thành phố Tam Điệp": [
        "phường Bắc Sơn", "phường Trung Sơn", "phường Nam Sơn", "phường Tây Sơn", "phường Yên Bình",
        "phường Tân Bình", "xã Quang Sơn", "xã Yên Sơn", "xã Đông Sơn",
    ],
    "huyện Nho Quan": [
        "thị trấn Nho Quan", "xã Cúc Phương", "xã Kỳ Phú", "xã Phú Long", "xã Gia Lâm", "xã Gia Sơn",
        "xã Thạch Bình", "xã Xích Thổ", "xã Gia Thủy", "xã Gia Tường", "xã Đức Long", "xã Lạc Vân",
        "xã Đồng Phong", "xã Quỳnh Lưu", "xã Phú Sơn", "xã Sơn Thành", "xã Văn Phương", "xã Thượng Hòa",
        "xã Văn Phú", "xã Sơn Hà", "xã Thanh Lạc", "xã Yên Quang", "xã Văn Phong", "xã Sơn Lai",
    ],
    "huyện Gia Viễn": [
        "thị trấn Me", "xã Gia Hòa", "xã Gia Hưng", "xã Liên Sơn", "xã Gia Thanh", "xã Gia Vân", "xã Gia Phú",
        "xã Gia Xuân", "xã Gia Lập", "xã Gia Vượng", "xã Gia Trấn", "xã Gia Thịnh", "xã Gia Phương",
        "xã Gia Tân", "xã Gia Thắng", "xã Gia Trung", "xã Gia Minh", "xã Gia Lạc", "xã Gia Tiến", "xã Gia Sinh",
        "xã Gia Phong",
    ],
    "huyện Hoa Lư": [
        "thị trấn Thiên Tôn", "xã Ninh Hòa", "xã Ninh Giang", "xã Trường Yên", "xã Ninh Khang", "xã Ninh Mỹ",
        "xã Ninh Vân", "xã Ninh Hải", "xã Ninh Xuân", "xã Ninh Thắng", "xã Ninh An",
    ],
    "huyện Yên Khánh": [
        "thị trấn Yên Ninh", "xã Khánh Thiện", "xã Khánh Cư", "xã Khánh Hòa", "xã Khánh Phú", "xã Khánh An",
        "xã Khánh Lợi", "xã Khánh Hội", "xã Khánh Mậu", "xã Khánh Vân", "xã Khánh Hải", "xã Khánh Trung",
        "xã Khánh Công", "xã Khánh Thành", "xã Khánh Nhạc", "xã Khánh Hồng", "xã Khánh Cường",
    ],
    "huyện Yên Mô": [
        "thị trấn Yên Thịnh", "xã Khánh Thượng", "xã Khánh Dương", "xã Mai Sơn", "xã Khánh Thịnh",
        "xã Yên Phong", "xã Yên Hòa", "xã Yên Thắng", "xã Yên Từ", "xã Yên Hưng", "xã Yên Thành", "xã Yên Nhân",
        "xã Yên Mỹ", "xã Yên Mạc", "xã Yên Đồng", "xã Yên Thái", "xã Yên Lâm",
    ],
    "huyện Kim Sơn": [
        "thị trấn Phát Diệm", "thị trấn Bình Minh", "xã Xuân Thiện", "xã Chính Tâm", "xã Chất Bình",
        "xã Kim Định", "xã Ân Hòa", "xã Hùng Tiến", "xã Quang Thiện", "xã Như Hòa", "xã Đồng Hướng",
        "xã Kim Chính", "xã Thượng Kiệm", "xã Lưu Phương", "xã Tân Thành", "xã Yên Lộc", "xã Lai Thành",
        "xã Định Hóa", "xã Văn Hải", "xã Kim Tân", "xã Kim Mỹ", "xã Cồn Thoi", "xã Kim Hải", "xã Kim Trung",
        "xã Kim Đông",
    ],
}
# Local committees in the order the scales take them; "thành phố Ninh Bình" is renamed Hoa Lư in 2025.
LOCAL_COMMITTEES = [
    ("Đảng bộ thành phố Ninh Bình", "thành phố Ninh Bình"),
    ("Đảng bộ thành phố Tam Điệp", "thành phố Tam Điệp"),
    ("Đảng bộ huyện Nho Quan", "huyện Nho Quan"),
    ("Đảng bộ huyện Gia Viễn", "huyện Gia Viễn"),
    ("Đảng bộ huyện Hoa Lư", "huyện Hoa Lư"),
    ("Đảng bộ huyện Yên Khánh", "huyện Yên Khánh"),
    ("Đảng bộ huyện Yên Mô", "huyện Yên Mô"),
    ("Đảng bộ huyện Kim Sơn", "huyện Kim Sơn"),
]
LOCAL_UNITS = [
    "Trường Trung học phổ thông {d}", "Trung tâm Y tế {d}", "Trường Trung học cơ sở {c}", "Trường Tiểu học {c}",
    "Quỹ tín dụng nhân dân {c}", "Trường Mầm non {c}",
]
# Bloc-like committees of the province scale, besides the bloc itself: (name, sector, unit names).
ARMED_BLOCS = [
    ("Đảng bộ Quân sự tỉnh", "armed_forces", [
        "Cơ quan Bộ Chỉ huy Quân sự tỉnh", "Phòng Tham mưu", "Phòng Chính trị", "Phòng Hậu cần - Kỹ thuật",
        "Trường Quân sự tỉnh", "Trung đoàn bộ binh 896", "Tiểu đoàn huấn luyện", "Đại đội Trinh sát",
        "Đại đội Công binh", "Kho K1",
    ] + [f"Ban Chỉ huy Quân sự {d}" for d in DISTRICTS]),
    ("Đảng bộ Công an tỉnh", "armed_forces", [
        "Văn phòng Cơ quan Cảnh sát điều tra", "Phòng Tham mưu", "Phòng An ninh chính trị nội bộ",
        "Phòng An ninh kinh tế", "Phòng Cảnh sát giao thông", "Phòng Cảnh sát hình sự",
        "Phòng Cảnh sát kinh tế", "Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ",
        "Phòng Quản lý hành chính về trật tự xã hội", "Phòng Hậu cần", "Trại tạm giam", "Phòng Cảnh sát cơ động",
    ] + [f"Công an {d}" for d in DISTRICTS]),
]

NEIGHBOUR_PROVINCES = [  # (citizen-id code, name)
    ("035", "tỉnh Hà Nam"), ("036", "tỉnh Nam Định"), ("038", "tỉnh Thanh Hóa"), ("034", "tỉnh Thái Bình"),
    ("001", "thành phố Hà Nội"), ("017", "tỉnh Hòa Bình"),
]
NINH_BINH_CODE = "037"

ETHNIC_GROUPS = [("Kinh", 97.5), ("Mường", 1.2), ("Tày", 0.4), ("Thái", 0.3), ("Dao", 0.2), ("Nùng", 0.2),
                 ("Hoa", 0.1), ("Thổ", 0.1)]
RELIGIONS = [("Không", 95.5), ("Công giáo", 2.5), ("Phật giáo", 2.0)]

QUALIFICATIONS = {
    "party_agency": ["Cử nhân Chính trị học", "Cử nhân Luật", "Thạc sĩ Xây dựng Đảng và Chính quyền nhà nước",
                     "Cử nhân Báo chí", "Cử nhân Kinh tế", "Cử nhân Quản lý nhà nước"],
    "state_agency": ["Cử nhân Kinh tế", "Cử nhân Luật", "Thạc sĩ Quản lý kinh tế", "Kỹ sư Xây dựng",
                     "Cử nhân Tài chính - Ngân hàng", "Kỹ sư Nông nghiệp", "Cử nhân Kế toán",
                     "Thạc sĩ Quản lý công", "Kỹ sư Công nghệ thông tin"],
    "public_service": ["Bác sĩ đa khoa", "Thạc sĩ Y học", "Cử nhân Điều dưỡng", "Dược sĩ đại học",
                       "Thạc sĩ Giáo dục học", "Cử nhân Sư phạm Toán", "Tiến sĩ Kinh tế", "Cử nhân Văn hóa học",
                       "Cao đẳng Điều dưỡng", "Bác sĩ chuyên khoa I"],
    "state_enterprise": ["Kỹ sư Điện", "Cử nhân Tài chính - Ngân hàng", "Kỹ sư Cơ khí", "Cử nhân Kế toán",
                         "Kỹ sư Điện tử - Viễn thông", "Kỹ sư Hóa học", "Cao đẳng Điện công nghiệp"],
    "non_state_enterprise": ["Trung cấp nghề May", "Công nhân kỹ thuật", "Kỹ sư Cơ khí", "Cử nhân Kế toán",
                             "Cao đẳng Quản trị kinh doanh", "Kỹ sư Xây dựng", "Trung cấp Điện"],
    "armed_forces": ["Cử nhân Quân sự", "Cử nhân An ninh", "Cử nhân Cảnh sát", "Trung cấp Quân sự",
                     "Thạc sĩ Khoa học quân sự"],
    "other": ["Trung cấp Kế toán", "Cử nhân Sư phạm", "Cao đẳng Nông nghiệp", "", "", "Y sĩ"],
    "health": ["Bác sĩ đa khoa", "Thạc sĩ Y học", "Cử nhân Điều dưỡng", "Dược sĩ đại học", "Bác sĩ chuyên khoa I",
               "Cao đẳng Điều dưỡng", "Kỹ thuật viên xét nghiệm", "Tiến sĩ Y học"],
    "education": ["Cử nhân Sư phạm Toán", "Thạc sĩ Giáo dục học", "Cử nhân Sư phạm Ngữ văn", "Tiến sĩ Kinh tế",
                  "Thạc sĩ Ngôn ngữ Anh", "Cử nhân Sư phạm Vật lý"],
    "bank": ["Cử nhân Tài chính - Ngân hàng", "Thạc sĩ Tài chính - Ngân hàng", "Cử nhân Kế toán",
             "Cử nhân Quản trị kinh doanh"],
    "press": ["Cử nhân Báo chí", "Cử nhân Văn học", "Kỹ sư Điện tử - Viễn thông", "Cử nhân Quay phim"],
}
OCCUPATIONS = {
    "party_agency": ["Chuyên viên", "Chuyên viên chính", "Phó Trưởng phòng", "Trưởng phòng", "Phóng viên",
                     "Giảng viên", "Cán sự"],
    "state_agency": ["Chuyên viên", "Chuyên viên chính", "Phó Trưởng phòng", "Trưởng phòng", "Thanh tra viên",
                     "Kế toán", "Văn thư", "Kiểm soát viên"],
    "public_service": ["Bác sĩ", "Điều dưỡng", "Giáo viên", "Giảng viên", "Viên chức", "Kỹ thuật viên",
                       "Dược sĩ", "Trưởng khoa"],
    "state_enterprise": ["Kỹ sư", "Nhân viên", "Kế toán", "Trưởng phòng", "Công nhân vận hành",
                         "Giao dịch viên", "Cán bộ tín dụng"],
    "non_state_enterprise": ["Công nhân", "Tổ trưởng sản xuất", "Kế toán", "Nhân viên kỹ thuật",
                             "Quản đốc phân xưởng", "Nhân viên kinh doanh", "Giám đốc"],
    "armed_forces": ["Sĩ quan", "Quân nhân chuyên nghiệp", "Cán bộ chiến sĩ", "Trợ lý", "Đội trưởng"],
    "other": ["Hưu trí", "Nông dân", "Kinh doanh tự do", "Giáo viên", "Cán bộ xã", "Trưởng thôn"],
    "health": ["Bác sĩ", "Điều dưỡng", "Dược sĩ", "Kỹ thuật viên", "Trưởng khoa", "Hộ sinh"],
    "education": ["Giáo viên", "Giảng viên", "Tổ trưởng chuyên môn", "Phó Hiệu trưởng", "Nhân viên văn phòng"],
    "bank": ["Giao dịch viên", "Cán bộ tín dụng", "Kế toán", "Trưởng phòng", "Kiểm soát viên"],
    "press": ["Phóng viên", "Biên tập viên", "Kỹ thuật viên", "Trưởng phòng"],
}


def unit_kind(label: str, sector: str) -> str:
    """Which list of trades fits the unit: by its name, else by its sector."""
    if any(k in label for k in ("Bệnh viện", "Y tế", "Kiểm soát bệnh tật", "Giám định y khoa", "Sở Y tế")):
        return "health"
    if any(k in label for k in ("Trường", "Sở Giáo dục")):
        return "education"
    if "Ngân hàng" in label or "Quỹ" in label or "Kho bạc" in label:
        return "bank"
    if label.startswith(("Báo ", "Đài ")):
        return "press"
    return sector
DESTINATIONS_OUT = [
    "Đảng bộ tỉnh Thanh Hóa", "Đảng bộ tỉnh Nam Định", "Đảng bộ tỉnh Hà Nam", "Đảng bộ thành phố Hà Nội",
    "Đảng bộ Khối các cơ quan Trung ương", "Đảng bộ Quân đội", "Đảng bộ Công an Trung ương",
    "Đảng bộ tỉnh Thái Bình", "Đảng bộ tỉnh Hòa Bình", "Đảng bộ Khối Doanh nghiệp Trung ương",
]
