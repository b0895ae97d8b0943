"""Party awareness courses (lớp bồi dưỡng nhận thức về Đảng) and who attended them."""

from django.db import models
from django.urls import reverse

from ptdv.access.querysets import RestrictedQuerySet


class CourseFormat(models.TextChoices):
    DAYTIME = "daytime", "Học tập trung ban ngày"
    EVENING = "evening", "Học buổi tối"
    ONLINE = "online", "Học trực tuyến"


class AwarenessCourseQuerySet(RestrictedQuerySet):
    scope_path = "organizer__path"

    def visible(self, actor: object) -> "AwarenessCourseQuerySet":
        """Courses organised in the actor's scope, or attended by a candidate in it (a subquery each)."""
        from django.db.models import Q

        from ptdv.access.roles import Action
        from ptdv.access.scoping import scope_paths, scope_q

        if scope_paths(actor, Action.VIEW) is None:
            return self
        enrolled_in_scope = CourseEnrolment.objects.restrict(actor, Action.VIEW).values("course_id")
        return self.filter(scope_q(actor, Action.VIEW, "organizer__path") | Q(pk__in=enrolled_in_scope))


class AwarenessCourse(models.Model):
    """One run of the awareness course, organised by a political centre or a committee."""

    name = models.CharField("Tên lớp", max_length=200)
    organizer = models.ForeignKey(
        "organizations.Organization",
        verbose_name="Đơn vị tổ chức",
        on_delete=models.PROTECT,
        related_name="awareness_courses",
    )
    starts_on = models.DateField("Ngày khai giảng")
    ends_on = models.DateField("Ngày bế giảng")
    format = models.CharField(
        "Hình thức", max_length=10, choices=CourseFormat.choices, default=CourseFormat.DAYTIME
    )
    location = models.CharField("Địa điểm", max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AwarenessCourseQuerySet.as_manager()

    class Meta:
        verbose_name = "Lớp bồi dưỡng nhận thức về Đảng"
        ordering = ["-starts_on", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("admissions:course_detail", args=[self.pk])


class CourseEnrolmentQuerySet(RestrictedQuerySet):
    scope_path = "candidacy__organization__path"


class CourseEnrolment(models.Model):
    """A candidate enrolled in a course; on completion, the certificate they received."""

    course = models.ForeignKey(AwarenessCourse, on_delete=models.PROTECT, related_name="enrolments")
    candidacy = models.ForeignKey("admissions.Candidacy", on_delete=models.PROTECT, related_name="enrolments")
    completed = models.BooleanField("Đã hoàn thành", default=False)
    certificate_number = models.CharField("Số giấy chứng nhận", max_length=40, blank=True)
    certificate_date = models.DateField("Ngày cấp", null=True, blank=True)

    objects = CourseEnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["course", "candidacy"], name="enrolment_once_per_course")
        ]

    def __str__(self) -> str:
        return f"{self.candidacy_id} @ {self.course_id}"
