"""gigcore.tax: US self-employment tax for 2026, worked by hand."""

import pytest

from gigcore.tax import profit_for_net, se_breakpoints, se_tax_parts, tax_bill


def test_se_tax_below_wage_base():
    # base = 0.9235 x 50,000 = 46,175; 15.3% of it = 7,064.775
    assert se_tax_parts(50_000) == pytest.approx((7_064.775, 0.0))


def test_se_tax_caps_social_security_and_adds_medicare_surtax():
    # base = 0.9235 x 300,000 = 277,050
    # SS 0.124 x 184,500 = 22,878; Medicare 0.029 x 277,050 = 8,034.45
    # extra 0.009 x (277,050 - 200,000) = 693.45
    deductible, extra = se_tax_parts(300_000)
    assert deductible == pytest.approx(22_878 + 8_034.45)
    assert extra == pytest.approx(693.45)


def test_no_se_tax_under_400_of_net_earnings():
    assert se_tax_parts(433) == (0.0, 0.0)  # 433 x 0.9235 = 399.9
    assert se_tax_parts(434)[0] == pytest.approx(0.153 * 434 * 0.9235)


def test_income_tax_after_half_se_deduction():
    # SE 7,064.775; half = 3,532.39; income tax 0.22 x (50,000 - 3,532.39) = 10,222.87
    bill = tax_bill(50_000, 0.22, True)
    assert bill.income_tax == pytest.approx(0.22 * (50_000 - 7_064.775 / 2))
    assert bill.net == pytest.approx(50_000 - 7_064.775 - bill.income_tax)


def test_breakpoints_are_in_profit_terms():
    assert se_breakpoints() == pytest.approx([400 / 0.9235, 184_500 / 0.9235, 200_000 / 0.9235])


@pytest.mark.parametrize("net", [0, 100, 290, 330, 380, 10_000, 170_000, 185_000, 400_000])
@pytest.mark.parametrize("rate", [0.0, 0.12, 0.37])
def test_profit_for_net_is_exact_and_smallest(net, rate):
    profit = profit_for_net(net, rate, True)
    assert tax_bill(profit, rate, True).net == pytest.approx(net, abs=1e-6)
    # nothing a dollar smaller would do, except across the $400 jump where the net falls
    below = tax_bill(max(0.0, profit - 1), rate, True).net
    assert below < net or profit == 0
