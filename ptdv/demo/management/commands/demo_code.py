"""`manage.py demo_code`: the current second-factor code of the demo admin accounts."""

from typing import Any

from django.core.management.base import BaseCommand

from ptdv.demo.second_factor import current_code, demo_devices

MSG_NONE = "Không có tài khoản nào dùng khóa xác thực của dữ liệu mẫu."


class Command(BaseCommand):
    help = (
        "In mã xác thực hai bước hiện tại của các tài khoản quản trị mẫu (chỉ những tài khoản dùng khóa mẫu)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        """One line per demo device; nothing for real devices, whose keys are secret."""
        devices = demo_devices()
        if not devices:
            self.stdout.write(MSG_NONE)
            return
        code = current_code()
        for device in devices:
            self.stdout.write(f"{device.user.username}: {code} (đổi sau mỗi 30 giây)")
