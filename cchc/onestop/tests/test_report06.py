"""Biểu 06/VPCP/KSTT rows (pure): grouped by cấp, lĩnh vực numbered within each group, subtotals and the total."""

from cchc.onestop.report06 import OTHER_LEVEL, level_rank, lines_06

# level, field, new_total, online, direct, carried, done, early, on_time_all, open, open_in_time
DATA = [
    ("Cấp xã", "Đăng ký, quản lý cư trú", 10, 6, 4, 2, 9, 3, 8, 3, 2),
    ("Cấp tỉnh", "Xuất nhập cảnh", 5, 5, 0, 0, 4, 4, 4, 1, 1),
    ("Cấp xã", "Chứng thực", 4, 0, 4, 1, 5, 0, 5, 0, 0),
    ("", "Khác", 1, 0, 1, 0, 0, 0, 0, 1, 0),
    ("Cấp huyện", "Căn cước", 2, 1, 1, 0, 2, 1, 2, 0, 0),
]


def test_groups_in_the_order_of_the_form_with_subtotals():
    lines = lines_06(DATA)
    assert [(ln.kind, ln.stt, ln.label) for ln in lines] == [
        ("level", "I", "Cấp tỉnh"),
        ("field", 1, "Xuất nhập cảnh"),
        ("level", "II", "Cấp huyện"),
        ("field", 1, "Căn cước"),
        ("level", "III", "Cấp xã"),
        ("field", 1, "Chứng thực"),
        ("field", 2, "Đăng ký, quản lý cư trú"),
        ("level", "IV", OTHER_LEVEL),
        ("field", 1, "Khác"),
        ("total", "", "Tổng cộng"),
    ]
    commune = lines[4]
    # received = new + carried; resolved = early + on time + overdue; in process = in time + overdue.
    assert commune.values == (17, 6, 8, 3, 14, 3, 10, 1, 3, 2, 1)
    total = lines[-1]
    assert total.values == tuple(
        map(sum, zip(*(ln.values for ln in lines if ln.kind == "field"), strict=True))
    )
    assert total.values[0] == 10 + 2 + 5 + 0 + 4 + 1 + 1 + 0 + 2 + 0
    for ln in lines:
        received, online, direct, carried, done, early, on_time, late, open_, in_time, overdue = ln.values
        assert received == online + direct + carried and done == early + on_time + late
        assert open_ == in_time + overdue


def test_level_names_as_catalogues_write_them():
    assert level_rank("Cấp tỉnh") == level_rank("Sở, ban, ngành") == level_rank("Cấp Bộ") == 0
    assert level_rank("cap huyen") == 1
    assert level_rank("Cấp xã") == level_rank("Cấp phường") == level_rank("Đặc khu") == 2
    assert level_rank("Liên thông") == 3


def test_no_dossiers_gives_the_total_row_only():
    (total,) = lines_06([])
    assert total.kind == "total" and total.values == (0,) * 11
