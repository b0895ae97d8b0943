"""Official lists used on a person's record."""

from django.db import models

# The 54 ethnic groups of Viet Nam, in the order of the official list (Kinh first).
ETHNICITIES: list[str] = [
    "Kinh",
    "Tày",
    "Thái",
    "Mường",
    "Khmer",
    "Hoa",
    "Nùng",
    "Mông",
    "Dao",
    "Gia Rai",
    "Ê Đê",
    "Ba Na",
    "Xơ Đăng",
    "Sán Chay",
    "Cơ Ho",
    "Chăm",
    "Sán Dìu",
    "Hrê",
    "Ra Glai",
    "Mnông",
    "Thổ",
    "Xtiêng",
    "Khơ Mú",
    "Bru - Vân Kiều",
    "Cơ Tu",
    "Giáy",
    "Tà Ôi",
    "Mạ",
    "Giẻ - Triêng",
    "Co",
    "Chơ Ro",
    "Xinh Mun",
    "Hà Nhì",
    "Chu Ru",
    "Lào",
    "La Chí",
    "Kháng",
    "Phù Lá",
    "La Hủ",
    "La Ha",
    "Pà Thẻn",
    "Lự",
    "Ngái",
    "Chứt",
    "Lô Lô",
    "Mảng",
    "Cơ Lao",
    "Bố Y",
    "Cống",
    "Si La",
    "Pu Péo",
    "Rơ Măm",
    "Brâu",
    "Ơ Đu",
]
MAJORITY_ETHNICITY = "Kinh"
ETHNICITY_CHOICES = [(name, name) for name in ETHNICITIES]

NO_RELIGION = "Không"
RELIGIONS: list[str] = [
    NO_RELIGION,
    "Phật giáo",
    "Công giáo",
    "Tin Lành",
    "Cao Đài",
    "Phật giáo Hòa Hảo",
    "Hồi giáo",
    "Bửu Sơn Kỳ Hương",
    "Tứ Ân Hiếu Nghĩa",
    "Tịnh độ Cư sĩ Phật hội",
    "Minh Sư đạo",
    "Minh Lý đạo",
    "Bà-la-môn",
    "Baha'i",
    "Khác",
]
RELIGION_CHOICES = [(name, name) for name in RELIGIONS]


class Gender(models.TextChoices):
    MALE = "M", "Nam"
    FEMALE = "F", "Nữ"


class EducationLevel(models.TextChoices):
    """General education (trình độ giáo dục phổ thông)."""

    LITERATE = "literate", "Biết đọc, biết viết chữ quốc ngữ"
    PRIMARY = "primary", "Tiểu học"
    LOWER_SECONDARY = "lower_secondary", "Trung học cơ sở"
    UPPER_SECONDARY = "upper_secondary", "Trung học phổ thông"


class Qualification(models.TextChoices):
    """Professional qualification (trình độ chuyên môn)."""

    NONE = "none", "Chưa qua đào tạo"
    ELEMENTARY = "elementary", "Sơ cấp"
    VOCATIONAL = "vocational", "Trung cấp"
    COLLEGE = "college", "Cao đẳng"
    BACHELOR = "bachelor", "Đại học"
    MASTER = "master", "Thạc sĩ"
    DOCTOR = "doctor", "Tiến sĩ"


class OccupationGroup(models.TextChoices):
    CIVIL_SERVANT = "civil_servant", "Cán bộ, công chức"
    PUBLIC_EMPLOYEE = "public_employee", "Viên chức"
    ENTERPRISE_MANAGER = "enterprise_manager", "Quản lý doanh nghiệp"
    ENTERPRISE_STAFF = "enterprise_staff", "Nhân viên doanh nghiệp"
    WORKER = "worker", "Công nhân"
    FARMER = "farmer", "Nông, lâm, ngư nghiệp"
    ARMED_FORCES = "armed_forces", "Lực lượng vũ trang"
    UNIVERSITY_STUDENT = "university_student", "Sinh viên"
    PUPIL = "pupil", "Học sinh"
    RETIRED = "retired", "Hưu trí"
    OTHER = "other", "Khác"
