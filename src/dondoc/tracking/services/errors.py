"""Errors of the tracking services, with a Vietnamese message for the user."""

from __future__ import annotations


class ServiceError(Exception):
    """A request the service refuses; ``message`` is shown to the user as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Forbidden(ServiceError):
    def __init__(self, message: str = "Bạn không có quyền thực hiện thao tác này.") -> None:
        super().__init__(message)


class Conflict(ServiceError):
    """Optimistic locking: someone else changed the record since it was read."""

    def __init__(
        self,
        message: str = (
            "Nhiệm vụ vừa được người khác cập nhật. Vui lòng tải lại trang để xem thay đổi rồi thực hiện lại."
        ),
    ) -> None:
        super().__init__(message)


class InvalidTransition(ServiceError):
    pass
