from cchc.plans.services.cascade import _cascade_title


def test_the_implementing_plan_title_says_thuc_hien_once():
    assert _cascade_title("Thực hiện công tác CCHC năm 2026") == "Thực hiện công tác CCHC năm 2026"
    assert _cascade_title("Kế hoạch CCHC năm 2026") == "Thực hiện kế hoạch CCHC năm 2026"
