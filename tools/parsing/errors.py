"""Why a file could not be read. ``code`` is stable and machine-readable."""


class ParseFailure(Exception):
    """The file was understood as input but yields no usable text (``success: false``)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


class UnsupportedFile(ParseFailure):
    """The bytes are not a type we read (maps to 415 ``unsupported_media_type``)."""

    def __init__(self, message: str) -> None:
        super().__init__("unsupported_media_type", message)
