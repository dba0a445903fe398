"""The words one-stop systems' exports use: column headings and cell values (iGate, Một cửa điện tử, the portal).

Pure (no Django import). Headings pre-select the column mapping and find the header row below an export's title
rows; values turn the Vietnamese texts of an export ("Đã trả kết quả", "Trực tuyến", "Có") into the contract's
codes. A source's own value mapping (saved with its column mapping) is consulted first, then these words, then the
codes themselves. Everything is compared accent- and case-insensitively (:func:`cchc.core.text.fold`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from cchc.core.text import fold

# What each canonical dossier column means, in the words exports use for its heading; the first is the label shown.
# "Ngày có kết quả" (the result is ready) is the end of processing the 766 rule takes — not "Ngày trả kết quả"
# (handed back to the citizen), which comes later and is not a guess for ``finished_at``.
DOSSIER_HEADINGS: dict[str, tuple[str, ...]] = {
    "code": ("Mã hồ sơ", "Số hồ sơ", "Mã HS", "Số biên nhận"),
    "unit_code": ("Mã đơn vị tiếp nhận", "Đơn vị tiếp nhận", "Mã đơn vị", "Đơn vị", "Cơ quan tiếp nhận"),
    "procedure_code": ("Mã thủ tục", "Mã TTHC", "Mã thủ tục hành chính"),
    "channel": ("Hình thức nộp", "Kênh nộp", "Kênh tiếp nhận", "Hình thức tiếp nhận"),
    "received_at": ("Ngày tiếp nhận", "Thời gian tiếp nhận", "Ngày nhận", "Ngày nộp"),
    "due_at": ("Ngày hẹn trả", "Hạn trả", "Hạn xử lý", "Hạn giải quyết", "Ngày hẹn trả kết quả"),
    "finished_at": ("Ngày có kết quả", "Ngày kết thúc", "Ngày hoàn thành", "Ngày kết thúc xử lý"),
    "status": ("Trạng thái", "Tình trạng", "Trạng thái hồ sơ"),
    "supplement_requests": ("Số lần yêu cầu bổ sung", "Số lần bổ sung"),
    "supplement_requested_at": ("Ngày yêu cầu bổ sung",),
    "supplement_completed_at": ("Ngày hoàn thành bổ sung", "Ngày bổ sung xong", "Ngày nhận bổ sung"),
    "fee_required": ("Có phí, lệ phí", "Có phí", "Phải nộp phí"),
    "paid_online": ("Thanh toán trực tuyến",),
    "digitized": ("Đã số hóa", "Số hóa"),
    "result_electronic": ("Kết quả điện tử",),
    "reused_data": ("Tái sử dụng dữ liệu", "Sử dụng lại dữ liệu số hóa"),
    "citizen_data": ("Dữ liệu dân cư", "Sử dụng dữ liệu dân cư"),
    "petition": ("Phản ánh, kiến nghị", "Có phản ánh"),
    "rating": ("Đánh giá", "Mức độ hài lòng"),
    "applicant_name": ("Người nộp hồ sơ", "Họ tên người nộp", "Tên người nộp", "Chủ hồ sơ", "Họ và tên"),
    "applicant_address": ("Địa chỉ", "Địa chỉ người nộp"),
    "applicant_phone": ("Số điện thoại", "Điện thoại", "SĐT"),
}

# The procedure catalogue's columns as the national database (CSDLQG về TTHC) and provinces' lists head them.
PROCEDURE_HEADINGS: dict[str, tuple[str, ...]] = {
    "code": ("Mã TTHC", "Mã thủ tục", "Mã thủ tục hành chính", "Mã số"),
    "name": ("Tên thủ tục", "Tên TTHC", "Tên thủ tục hành chính"),
    "field": ("Lĩnh vực",),
    "level": ("Cấp thực hiện", "Cơ quan thực hiện"),
    "processing_amount": ("Thời hạn giải quyết", "Thời gian giải quyết", "Số ngày giải quyết"),
    "processing_unit": ("Đơn vị thời hạn", "Đơn vị thời gian", "Đơn vị tính"),
    "fee": ("Phí, lệ phí", "Lệ phí", "Phí"),
    "online_level": ("Mức độ trực tuyến", "Mức độ DVC", "Dịch vụ công trực tuyến"),
    "postal": ("Bưu chính công ích", "Qua bưu chính"),
    "paper_result": ("Kết quả là giấy tờ", "Kết quả giấy"),
    "for_citizens": ("Đối tượng công dân", "Cho công dân"),
    "decision_ref": ("Quyết định công bố", "Số quyết định công bố"),
    "decision_date": ("Ngày quyết định công bố", "Ngày công bố"),
    "legal_basis_effective_on": ("Ngày hiệu lực",),
    "published_on": ("Ngày công khai",),
    "public_on_unit_page": ("Công khai trên trang đơn vị",),
    "content_full": ("Công khai đầy đủ",),
}

# Cell values → the contract's codes, per kind of column. The codes themselves are accepted too.
STATUS_WORDS: dict[str, str] = {
    "đang xử lý": "processing",
    "đang giải quyết": "processing",
    "đang thụ lý": "processing",
    "mới tiếp nhận": "processing",
    "đã tiếp nhận": "processing",
    "chờ bổ sung": "supplement",
    "yêu cầu bổ sung": "supplement",
    "đang bổ sung": "supplement",
    "chờ công dân bổ sung": "supplement",
    "đã giải quyết": "done",
    "đã có kết quả": "done",
    "hoàn thành": "done",
    "đã xử lý xong": "done",
    "chờ trả kết quả": "done",
    "đã trả kết quả": "returned",
    "đã trả": "returned",
    "đã trả kết quả cho công dân": "returned",
    "từ chối": "rejected",
    "từ chối giải quyết": "rejected",
    "dừng xử lý": "rejected",
    "không giải quyết": "rejected",
    "công dân rút hồ sơ": "withdrawn",
    "rút hồ sơ": "withdrawn",
    "đã rút": "withdrawn",
    "hủy": "withdrawn",
}
CHANNEL_WORDS: dict[str, str] = {
    "trực tiếp": "direct",
    "nộp trực tiếp": "direct",
    "tại bộ phận một cửa": "direct",
    "trực tuyến": "online",
    "nộp trực tuyến": "online",
    "dvc trực tuyến": "online",
    "qua mạng": "online",
    "dịch vụ công trực tuyến": "online",
    "bưu chính": "postal",
    "bưu chính công ích": "postal",
    "qua bưu chính": "postal",
    "bưu điện": "postal",
}
YESNO_WORDS: dict[str, str] = {
    "có": "1",
    "c": "1",
    "x": "1",
    "đã": "1",
    "rồi": "1",
    "yes": "1",
    "true": "1",
    "1": "1",
    "không": "0",
    "k": "0",
    "chưa": "0",
    "no": "0",
    "false": "0",
    "0": "0",
    "": "0",
}
RATING_WORDS: dict[str, str] = {
    "hài lòng": "like",
    "rất hài lòng": "like",
    "like": "like",
    "không hài lòng": "dislike",
    "dislike": "dislike",
    "chưa đánh giá": "",
    "": "",
}
PROCESSING_UNIT_WORDS: dict[str, str] = {
    "ngày làm việc": "working_days",
    "ngày": "days",
    "ngày (lịch)": "days",
    "giờ": "hours",
    "giờ làm việc": "hours",
    "tháng": "months",
    "trong ngày": "same_day",
    "giải quyết trong ngày": "same_day",
    "buổi": "half_days",
    "buổi làm việc": "half_days",
    "nửa ngày": "half_days",
}
ONLINE_LEVEL_WORDS: dict[str, str] = {
    "toàn trình": "full",
    "trực tuyến toàn trình": "full",
    "mức độ 4": "full",
    "một phần": "partial",
    "trực tuyến một phần": "partial",
    "mức độ 3": "partial",
    "không": "none",
    "không cung cấp": "none",
    "mức độ 2": "none",
}

# The kinds of value a dossier column takes, and the codes of each (what a value mapping may map to).
VALUE_KINDS: dict[str, tuple[str, ...]] = {
    "status": ("processing", "supplement", "done", "returned", "rejected", "withdrawn"),
    "channel": ("direct", "online", "postal"),
    "yesno": ("1", "0"),
    "rating": ("like", "dislike", ""),
}
KIND_OF_COLUMN: dict[str, str] = {
    "status": "status",
    "channel": "channel",
    "rating": "rating",
    **dict.fromkeys(
        (
            "fee_required",
            "paid_online",
            "digitized",
            "result_electronic",
            "reused_data",
            "citizen_data",
            "petition",
        ),
        "yesno",
    ),
}
_BUILTIN: dict[str, dict[str, str]] = {
    "status": STATUS_WORDS,
    "channel": CHANNEL_WORDS,
    "yesno": YESNO_WORDS,
    "rating": RATING_WORDS,
}


def _folded(words: Mapping[str, str]) -> dict[str, str]:
    return {fold(k): v for k, v in words.items()}


_BUILTIN_FOLDED = {kind: _folded(words) for kind, words in _BUILTIN.items()}
_CODES_FOLDED = {kind: {fold(c): c for c in codes} for kind, codes in VALUE_KINDS.items()}


class ValueMap:
    """Translates the cells of one kind of column: the source's own mapping first, then the built-in words, then
    the codes. ``None`` for a value none of them knows (the importer names it; the mapping step offers it)."""

    def __init__(self, kind: str, saved: Mapping[str, str] | None = None):
        self.kind = kind
        self.saved = _folded(saved or {})
        self.builtin = _BUILTIN_FOLDED[kind]
        self.codes = _CODES_FOLDED[kind]
        self.memo: dict[str, str | None] = {}

    def __call__(self, text: str) -> str | None:
        try:
            return self.memo[text]
        except KeyError:
            pass
        key = fold(text.strip())
        value = self.saved.get(key)
        if value is None:
            value = self.builtin.get(key)
        if value is None:
            value = self.codes.get(key)
        self.memo[text] = value
        return value


def translate(words: Mapping[str, str], text: str) -> str:
    """``text`` as a code of ``words`` (accent-insensitive), else unchanged."""
    return _folded(words).get(fold(text.strip()), text)


def all_headings() -> frozenset[str]:
    """Every heading word (folded) and every canonical column name: what a header row is recognised by."""
    out: set[str] = set()
    for table in (DOSSIER_HEADINGS, PROCEDURE_HEADINGS):
        for col, words in table.items():
            out.add(fold(col))
            out.update(fold(w) for w in words)
    return frozenset(out)


MAX_UNKNOWN_VALUES = (
    40  # per kind: what the mapping step offers at most (an export has a handful of statuses)
)


def unknown_values(
    rows: Iterable[list[str]],
    index: Mapping[str, int],
    saved: Mapping[str, Mapping[str, str]] | None = None,
) -> dict[str, list[str]]:
    """kind → the distinct cell texts of the mapped columns (``index``: canonical column → position) that neither
    ``saved`` (a source's value mapping), the built-in words nor the codes know — what the user must map."""
    saved = saved or {}
    columns = [(col, i, KIND_OF_COLUMN[col]) for col, i in index.items() if col in KIND_OF_COLUMN]
    if not columns:
        return {}
    maps = {kind: ValueMap(kind, saved.get(kind)) for _c, _i, kind in columns}
    out: dict[str, dict[str, None]] = {}
    for row in rows:
        for _col, i, kind in columns:
            text = row[i].strip() if i < len(row) else ""
            if not text or text in out.get(kind, {}):
                continue
            if maps[kind](text) is None:
                found = out.setdefault(kind, {})
                if len(found) < MAX_UNKNOWN_VALUES:
                    found[text] = None
    return {kind: list(found) for kind, found in out.items()}
