"""Biểu 06/VPCP/KSTT rows (pure): grouped by the cấp that handled the dossiers, lĩnh vực numbered within each group,
subtotals and the total."""

from cchc.onestop.report06 import OTHER_LEVEL, level_of, level_ranks, lines_06

# level, unit kind, field, new_total, online, direct, carried, done, early, on_time_all, open, open_in_time
DATA = [
    ("Cấp xã", "commune_police", "Đăng ký, quản lý cư trú", 10, 6, 4, 2, 9, 3, 8, 3, 2),
    ("Cấp tỉnh", "police_department", "Xuất nhập cảnh", 5, 5, 0, 0, 4, 4, 4, 1, 1),
    ("Cấp xã", "commune_police", "Chứng thực", 4, 0, 4, 1, 5, 0, 5, 0, 0),
    ("", "team", "Khác", 1, 0, 1, 0, 0, 0, 0, 1, 0),
    ("Cấp huyện", "district_police", "Căn cước", 2, 1, 1, 0, 2, 1, 2, 0, 0),
    # A procedure of two levels: handled by a ward, it counts under cấp xã; by a department, under cấp tỉnh.
    ("Cấp tỉnh, cấp xã", "commune_police", "Căn cước", 3, 1, 2, 0, 3, 3, 3, 0, 0),
    ("Cấp tỉnh, cấp xã", "police_department", "Căn cước", 7, 7, 0, 0, 7, 7, 7, 0, 0),
]


def test_groups_in_the_order_of_the_form_with_subtotals():
    lines = lines_06(DATA)
    assert [(ln.kind, ln.stt, ln.label) for ln in lines] == [
        ("level", "I", "Cấp tỉnh"),
        ("field", 1, "Căn cước"),
        ("field", 2, "Xuất nhập cảnh"),
        ("level", "II", "Cấp huyện"),
        ("field", 1, "Căn cước"),
        ("level", "III", "Cấp xã"),
        ("field", 1, "Căn cước"),
        ("field", 2, "Chứng thực"),
        ("field", 3, "Đăng ký, quản lý cư trú"),
        ("level", "IV", OTHER_LEVEL),
        ("field", 1, "Khác"),
        ("total", "", "Tổng cộng"),
    ]
    commune = lines[5]
    # received = new + carried; resolved = early + on time + overdue; in process = in time + overdue.
    assert commune.values == (20, 7, 10, 3, 17, 6, 10, 1, 3, 2, 1)
    total = lines[-1]
    assert total.values == tuple(
        map(sum, zip(*(ln.values for ln in lines if ln.kind == "field"), strict=True))
    )
    for ln in lines:
        received, online, direct, carried, done, early, on_time, late, open_, in_time, overdue = ln.values
        assert received == online + direct + carried and done == early + on_time + late
        assert open_ == in_time + overdue


def test_level_names_as_catalogues_write_them():
    assert level_ranks("Cấp tỉnh") == level_ranks("Sở, ban, ngành") == {1}
    assert level_ranks("Cấp Bộ") == level_ranks("Trung ương") == {0}
    assert level_ranks("cap huyen") == level_ranks("Cấp thị xã") == {2}
    assert level_ranks("Cấp xã") == level_ranks("Cấp phường") == level_ranks("Đặc khu") == {3}
    assert level_ranks("Cấp tỉnh, Cấp xã") == {1, 3} and level_ranks("Liên thông") == set()


def test_the_receiving_unit_decides_when_the_procedure_names_several_levels_or_none():
    assert level_of("Cấp tỉnh, cấp xã", "commune_police") == 3
    assert level_of("Cấp tỉnh, cấp xã", "provincial_police") == 1
    assert level_of("Cấp tỉnh, cấp xã", "team") == 1  # unknown unit level: the highest named
    assert level_of("", "commune_committee") == 3
    assert level_of("", "other") == 4  # Cấp khác
    assert level_of("Cấp xã", "provincial_police") == 3  # one level named: that one


def test_no_dossiers_gives_the_total_row_only():
    (total,) = lines_06([])
    assert total.kind == "total" and total.values == (0,) * 11
