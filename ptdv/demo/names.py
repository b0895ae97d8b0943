"""Vietnamese name parts for the demo people, with rough frequencies for a southern province.

Each list is a tuple of (value, weight) pairs; weights need not add up to anything. Pure data, no Django.
"""

Weighted = tuple[tuple[str, float], ...]

# Family names of the Kinh majority, weighted roughly as in the Mekong Delta (Huỳnh and Võ are common).
KINH_SURNAMES: Weighted = (
    ("Nguyễn", 31), ("Trần", 11), ("Lê", 9), ("Phạm", 6), ("Huỳnh", 6), ("Võ", 5), ("Phan", 4),
    ("Trương", 2), ("Hoàng", 1.5), ("Bùi", 2), ("Đặng", 2), ("Hồ", 2), ("Đỗ", 1.5), ("Ngô", 1.5),
    ("Dương", 1.5), ("Lý", 1), ("Vũ", 1), ("Đoàn", 1), ("Lâm", 1), ("Mai", 1), ("Châu", 1), ("Tô", 0.5),
    ("Đinh", 0.5), ("Cao", 0.5), ("Lương", 0.5), ("Thái", 0.5), ("Tạ", 0.3), ("Kiều", 0.3), ("La", 0.3),
)

MALE_MIDDLE: Weighted = (
    ("Văn", 40), ("Minh", 8), ("Hữu", 8), ("Quốc", 7), ("Thanh", 7), ("Đức", 6), ("Tấn", 5), ("Công", 5),
    ("Hoàng", 4), ("Ngọc", 3), ("Thành", 4), ("Trung", 3), ("Chí", 3), ("Duy", 3), ("Phước", 2), ("Gia", 2),
)
FEMALE_MIDDLE: Weighted = (
    ("Thị", 50), ("Ngọc", 10), ("Kim", 6), ("Thanh", 6), ("Thu", 5), ("Mỹ", 5), ("Hồng", 5), ("Bích", 3),
    ("Phương", 3), ("Như", 3), ("Thùy", 3), ("Diễm", 2), ("Tuyết", 2), ("Khánh", 2),
)

MALE_GIVEN: tuple[str, ...] = (
    "Hiếu", "Hùng", "Dũng", "Minh", "Tuấn", "Hải", "Long", "Phúc", "Quang", "Thắng", "Tâm", "Sơn", "Nam",
    "Khoa", "Bảo", "Phong", "Trung", "Nghĩa", "Lộc", "Tài", "Thịnh", "Hòa", "Hưng", "Toàn", "Vinh", "Đạt",
    "Khánh", "Cường", "Tùng", "Trí", "Nhân", "Hậu", "Phát", "Lợi", "Tín", "Thiện", "Sang", "Kiệt", "Hoàng",
    "An", "Bình", "Duy", "Huy", "Việt", "Đức", "Lâm", "Tú", "Thuận", "Hào", "Quý", "Châu", "Thông", "Phương",
    "Nhựt", "Tấn", "Em", "Út", "Hoài", "Dương", "Khải",
)
FEMALE_GIVEN: tuple[str, ...] = (
    "Lan", "Hương", "Mai", "Hoa", "Hạnh", "Hằng", "Trang", "Linh", "Ngọc", "Thảo", "Phương", "Nhung", "Thủy",
    "Yến", "Vân", "Loan", "Liên", "Hồng", "Dung", "Tuyết", "Nga", "Nhi", "Trinh", "Quyên", "Thư", "Vy", "Anh",
    "Hà", "Ly", "Thanh", "Hiền", "Diễm", "Trâm", "Uyên", "Xuân", "Cúc", "Lệ", "Oanh", "Thúy", "Bích", "My",
    "Ngân", "Tâm", "Châu", "Kiều", "Huyền", "Giang", "Nhàn", "Hậu", "Mơ", "Đào", "Lài", "Út", "Em",
)

# Khmer people in the Mekong Delta use a Vietnamese-style family name and Khmer given names.
KHMER_SURNAMES: Weighted = (
    ("Thạch", 10), ("Danh", 8), ("Sơn", 7), ("Kim", 5), ("Lâm", 4), ("Trà", 2), ("Châu", 2), ("Lý", 2),
)
KHMER_MALE_GIVEN: tuple[str, ...] = (
    "Sô Phol", "Sà Rết", "Sóc", "Chanh", "Pho", "Khen", "Sơn Tha", "Rinh", "Sà Rươn", "Ny", "Văn Út",
    "Văn Bé", "Sa Rây", "Hoài Phong", "Minh Kha",
)
KHMER_FEMALE_GIVEN: tuple[str, ...] = (
    "Thị Sa Rươl", "Thị Sóc Kha", "Thị Sà Phol", "Thị Mây", "Thị Ni", "Thị Sà Rinh", "Thị Kim Thoa",
    "Thị Sa Ly", "Thị Chanh Thy", "Thị Sô Phia", "Thị Bô Pha",
)

# Hoa (ethnic Chinese) families.
HOA_SURNAMES: Weighted = (
    ("Lý", 4), ("Quách", 3), ("Trương", 3), ("Tăng", 3), ("Lâm", 3), ("Mã", 2), ("Hứa", 2), ("La", 2),
    ("Diệp", 2), ("Giang", 1),
)
HOA_MALE: tuple[str, ...] = ("Gia Kiệt", "Vĩnh Hào", "Tuấn Phát", "Quốc Vinh", "Gia Khang", "Kiến Cường", "Minh Huy")
HOA_FEMALE: tuple[str, ...] = ("Mỹ Linh", "Tú Anh", "Ngọc Trân", "Bội Phụng", "Mỹ Hà", "Gia Nghi", "Tú Quyên")

# Ethnicity shares: the share of Khmer is much higher in the communes marked as Khmer areas.
ETHNICITY_SHARES: Weighted = (("Kinh", 91), ("Khmer", 6), ("Hoa", 3))
ETHNICITY_SHARES_KHMER_AREA: Weighted = (("Kinh", 55), ("Khmer", 42), ("Hoa", 3))

# Religions by ethnicity; members declare a religion less often than non-members (see persons.py).
RELIGIONS_KINH: Weighted = (
    ("Không", 74), ("Phật giáo", 10), ("Phật giáo Hòa Hảo", 6), ("Cao Đài", 4), ("Công giáo", 5),
    ("Tin Lành", 1),
)
RELIGIONS_KHMER: Weighted = (("Phật giáo", 85), ("Không", 15))
RELIGIONS_HOA: Weighted = (("Phật giáo", 40), ("Không", 55), ("Công giáo", 5))

# Occupations by the sector of the person's cell: (occupation, occupation group, qualification).
Job = tuple[str, str, str]
JOBS_BY_SECTOR: dict[str, tuple[Job, ...]] = {
    "residential": (
        ("Làm ruộng", "farmer", "none"), ("Nuôi trồng thủy sản", "farmer", "none"),
        ("Trồng cây ăn trái", "farmer", "elementary"), ("Buôn bán nhỏ", "other", "none"),
        ("Lao động tự do", "other", "none"), ("Thợ hồ", "worker", "elementary"),
        ("Trưởng ấp", "other", "vocational"), ("Công nhân khu công nghiệp", "worker", "elementary"),
    ),
    "agency": (
        ("Công chức Văn phòng - Thống kê", "civil_servant", "bachelor"),
        ("Công chức Tài chính - Kế toán", "civil_servant", "bachelor"),
        ("Công chức Tư pháp - Hộ tịch", "civil_servant", "bachelor"),
        ("Công chức Địa chính - Xây dựng", "civil_servant", "bachelor"),
        ("Công chức Văn hóa - Xã hội", "civil_servant", "bachelor"),
        ("Chuyên viên", "civil_servant", "bachelor"), ("Chuyên viên chính", "civil_servant", "master"),
        ("Nhân viên hợp đồng", "other", "vocational"),
    ),
    "armed_forces": (
        ("Cán bộ Công an", "armed_forces", "bachelor"), ("Chiến sĩ Công an", "armed_forces", "vocational"),
        ("Chỉ huy phó Ban Chỉ huy Quân sự", "armed_forces", "vocational"),
        ("Dân quân thường trực", "armed_forces", "none"),
    ),
    "education": (
        ("Giáo viên", "public_employee", "bachelor"), ("Giáo viên", "public_employee", "college"),
        ("Giáo viên Toán", "public_employee", "bachelor"), ("Giáo viên Ngữ văn", "public_employee", "bachelor"),
        ("Nhân viên thư viện", "public_employee", "vocational"), ("Kế toán", "public_employee", "college"),
        ("Phó Hiệu trưởng", "public_employee", "master"),
    ),
    "health": (
        ("Bác sĩ", "public_employee", "bachelor"), ("Bác sĩ chuyên khoa I", "public_employee", "master"),
        ("Y sĩ", "public_employee", "vocational"), ("Điều dưỡng", "public_employee", "college"),
        ("Nữ hộ sinh", "public_employee", "vocational"), ("Dược sĩ", "public_employee", "college"),
    ),
    "non_state_enterprise": (
        ("Công nhân chế biến", "worker", "elementary"), ("Công nhân", "worker", "none"),
        ("Tổ trưởng sản xuất", "worker", "vocational"), ("Nhân viên kế toán", "enterprise_staff", "college"),
        ("Nhân viên kinh doanh", "enterprise_staff", "bachelor"),
        ("Quản đốc phân xưởng", "enterprise_manager", "bachelor"),
    ),
    "state_enterprise": (
        ("Công nhân vận hành", "worker", "vocational"), ("Kỹ sư cấp thoát nước", "enterprise_staff", "bachelor"),
        ("Nhân viên thu ngân", "enterprise_staff", "college"),
        ("Trưởng phòng Kỹ thuật", "enterprise_manager", "master"),
    ),
}
RETIRED_JOB: Job = ("Hưu trí", "retired", "vocational")
STUDENT_JOB: Job = ("Sinh viên", "university_student", "none")
PUPIL_JOB: Job = ("Học sinh lớp 12", "pupil", "none")

# Mobile prefixes (Viettel, MobiFone, Vinaphone); the numbers are ten digits, "09xxxxxxxx".
PHONE_PREFIXES: tuple[str, ...] = ("090", "091", "093", "094", "096", "097", "098")

# Province codes of the place of birth registration: mostly this (fictional) province's predecessors.
BIRTH_PROVINCES: Weighted = (("094", 55), ("086", 30), ("092", 8), ("084", 4), ("079", 3))
