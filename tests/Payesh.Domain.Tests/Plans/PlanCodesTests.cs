using Payesh.Domain.Plans;

namespace Payesh.Domain.Tests.Plans;

public sealed class PlanCodesTests
{
    [Theory]
    [InlineData("01.02", "01.02")]
    [InlineData("۰۱.۰۲", "01.02")]
    [InlineData("٠١.٠٢", "01.02")]
    [InlineData(" ۰۱٫۰۲ ", "01.02")]
    [InlineData("الف-۳", "الف-3")]
    public void Persian_Arabic_and_Latin_digits_give_one_code(string typed, string stored) =>
        Assert.Equal(stored, PlanCodes.Normalize(typed));

    [Fact]
    public void Next_code_is_one_more_than_the_largest_sibling_as_wide_as_theirs()
    {
        Assert.Equal("01.02.04", PlanCodes.Next("01.02", ["01.02.01", "01.02.03"], ["01", "01.02", "01.02.01", "01.02.03"]));
        Assert.Equal("28", PlanCodes.Next(null, ["01", "27", "۰۵"], []));
        Assert.Equal("4.005", PlanCodes.Next("4", ["4.001", "4.004"], []));
    }

    [Fact]
    public void A_first_child_gets_01_and_a_first_axis_01()
    {
        Assert.Equal("03.01", PlanCodes.Next("۰۳", [], ["03"]));
        Assert.Equal("01", PlanCodes.Next(null, [], []));
    }

    [Fact]
    public void A_code_still_held_by_a_removed_node_is_skipped_and_non_numeric_siblings_are_ignored()
    {
        Assert.Equal("02.03", PlanCodes.Next("02", ["02.01", "02.الف"], ["02.01", "02.02", "02.الف"]));
    }
}
