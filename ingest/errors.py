"""Every way ingesting a file can fail, as exceptions with a stable code and a message in
Chinese and English.

Why one hierarchy: the batch must go on after a bad file, the file goes to quarantine with a
message an archivist can read (in Chinese, with English beside it for the technical staff),
and the job layer must know whether trying again can help. So every stage raises an
``IngestError``; ``code`` is stable (stored with the quarantined file, printed by
``ingest --json``), ``retryable`` tells a service hiccup (Tika down, OCR timed out) from a
file that will never work (empty, encrypted, corrupt).
"""

from __future__ import annotations


class IngestError(Exception):
    """Base class. Subclasses set ``code``, ``message_zh``, ``message_en`` and may use
    ``{placeholders}`` filled from the keyword arguments given to the constructor."""

    code = "ingest_error"
    message_zh = "文件处理失败"
    message_en = "The file could not be processed"
    retryable = False

    def __init__(self, detail: str = "", **params: object) -> None:
        self.detail = detail
        self.params = params
        super().__init__(self.message)

    @property
    def message_zh_text(self) -> str:
        return self.message_zh.format(**self.params)

    @property
    def message_en_text(self) -> str:
        return self.message_en.format(**self.params)

    @property
    def message(self) -> str:
        """The bilingual message shown to users: ``"中文 / English"``."""
        return f"{self.message_zh_text} / {self.message_en_text}"

    def as_dict(self) -> dict[str, object]:
        """What a job record or ``ingest --json`` stores about the failure."""
        return {
            "code": self.code,
            "message": self.message,
            "retryable": self.retryable,
            "detail": self.detail,
        }


# --- The file itself: permanent, retrying cannot help. -------------------------------


class EmptyFileError(IngestError):
    code = "empty_file"
    message_zh = "文件为空"
    message_en = "The file is empty"


class FileTooLargeError(IngestError):
    code = "file_too_large"
    message_zh = "文件过大（{size} 字节，上限 {limit} 字节）"
    message_en = "The file is too large ({size} bytes, limit {limit} bytes)"


class CorruptFileError(IngestError):
    code = "corrupt_file"
    message_zh = "文件已损坏，无法读取"
    message_en = "The file is corrupt and cannot be read"


class TruncatedFileError(CorruptFileError):
    code = "truncated_file"
    message_zh = "文件不完整（可能在传输中被截断）"
    message_en = "The file is incomplete (it may have been truncated in transfer)"


class UnknownTypeError(IngestError):
    code = "unknown_type"
    message_zh = "无法识别文件类型"
    message_en = "The file type could not be recognised"


class TypeMismatchError(IngestError):
    code = "type_mismatch"
    message_zh = "文件扩展名为 {extension}，但内容是 {mime}，与扩展名不符"
    message_en = "The file is named {extension} but its content is {mime}"


class UnsupportedTypeError(IngestError):
    code = "unsupported_type"
    message_zh = "不支持提取此类文件的文字（{mime}）"
    message_en = "Text cannot be extracted from this type of file ({mime})"


class NeedsTikaError(UnsupportedTypeError):
    code = "needs_tika"
    message_zh = "此格式（{mime}）需要配置 Tika 服务（TIKA_URL）才能提取文字"
    message_en = "This format ({mime}) needs the Tika server (TIKA_URL) for text extraction"


class EncryptedDocumentError(IngestError):
    code = "encrypted"
    message_zh = "文件受密码保护，请提供未加密的版本"
    message_en = "The file is password-protected; please provide an unencrypted copy"


class ArchiveTooLargeError(IngestError):
    code = "archive_limits"
    message_zh = "压缩内容超出解压限制（疑似压缩炸弹）：{reason_zh}"
    message_en = (
        "The compressed content exceeds the decompression limits (possible zip bomb): {reason_en}"
    )


class ImageTooLargeError(IngestError):
    code = "image_too_large"
    message_zh = "图像像素过多（{pixels} 像素，上限 {limit} 像素）"
    message_en = "The image has too many pixels ({pixels}, limit {limit})"


class ExtractionFailedError(IngestError):
    code = "extraction_failed"
    message_zh = "无法从文件中提取文字"
    message_en = "No text could be extracted from the file"


class OcrFailedError(IngestError):
    code = "ocr_failed"
    message_zh = "文字识别（OCR）失败"
    message_en = "Optical character recognition (OCR) failed"


class OcrRefusedError(OcrFailedError):
    code = "ocr_refused"
    message_zh = "此文件不能进行文字识别（例如带有数字签名的 PDF）"
    message_en = "This file cannot be OCRed (for example, a digitally signed PDF)"


class OcrUnavailableError(OcrFailedError):
    code = "ocr_unavailable"
    message_zh = (
        "文字识别组件缺失或配置错误（Tesseract、语言包或 Ghostscript）："
        "请管理员运行 make services 安装，然后重试此文件"
    )
    message_en = (
        "An OCR component is missing or misconfigured (Tesseract, a language pack or "
        "Ghostscript): an administrator runs `make services` to install it, then retries the file"
    )


# --- Services: retryable, the job layer tries again with backoff. ---------------------


class ServiceError(IngestError):
    """A service the pipeline depends on failed; the file may well be fine."""

    code = "service_error"
    retryable = True


class ServiceUnavailableError(ServiceError):
    code = "service_unavailable"
    message_zh = "{service} 服务不可用，稍后将自动重试"
    message_en = "The {service} service is unavailable; it will be retried later"


class ServiceTimeoutError(ServiceError):
    code = "service_timeout"
    message_zh = "{service} 处理超时（{seconds} 秒），稍后将自动重试"
    message_en = "{service} timed out after {seconds} seconds; it will be retried later"


class OcrTimeoutError(ServiceTimeoutError):
    code = "ocr_timeout"


class OcrCrashedError(ServiceError):
    code = "ocr_crashed"
    message_zh = "文字识别进程意外终止，稍后将自动重试"
    message_en = "The OCR process crashed; it will be retried later"


# --- The request, not the file. -------------------------------------------------------


class InvalidParentError(IngestError):
    code = "invalid_parent"
    message_zh = "不能在所选节点（{parent}）下建立文件，请选择收件箱、部门或文件夹"
    message_en = (
        "Files cannot be placed under the chosen node ({parent}); "
        "choose an inbox, a department or a folder"
    )


class OriginalMissingError(IngestError):
    code = "original_missing"
    message_zh = "已保存的原件缺失或已改变，无法处理"
    message_en = "The stored original is missing or altered and cannot be processed"


class ArchiveMemberError(UnsupportedTypeError):
    code = "nested_archive"
    message_zh = "压缩包需在接收时解开，不能作为文件处理（{mime}）"
    message_en = "Archives are unpacked when received and cannot be processed as a file ({mime})"


class IndexingFailedError(ServiceError):
    code = "index_unavailable"
    message_zh = "搜索服务（{service}）不可用，文件已建立，稍后将自动重试索引"
    message_en = (
        "The search service ({service}) is unavailable; "
        "the file was filed and indexing will be retried"
    )
