using Payesh.Domain.Obstacles;

namespace Payesh.Domain.Tests.Obstacles;

/// <summary>A new obstacle is flagged when its title overlaps an open one's or it names the same production unit.</summary>
public class DuplicateDetection
{
    private static readonly KnownObstacle[] Known =
    [
        new(1, "تأخیر در پرداخت تسهیلات سرمایه در گردش بانک ملی", ["شرکت فولاد البرز قم"]),
        new(2, "قطعی مکرر برق شهرک صنعتی شکوهیه", ["کارخانه کاشی نگین"]),
        new(3, "عدم استرداد مالیات بر ارزش افزوده صادرکنندگان", []),
    ];

    [Fact]
    public void Similar_titles_are_flagged_whatever_the_spelling_of_ye_hamza_and_zwnj()
    {
        var found = DuplicateCheck.Find("تاخير پرداخت تسهيلات سرمايه در گردش واحد‌ها", [], Known);

        var d = Assert.Single(found);
        Assert.Equal(1, d.Id);
        Assert.Equal(DuplicateReason.SimilarTitle, d.Reason);
    }

    [Fact]
    public void The_same_production_unit_is_flagged_without_company_words()
    {
        var found = DuplicateCheck.Find("کمبود مواد اولیه", ["فولاد  البرز قم"], Known);

        var d = Assert.Single(found);
        Assert.Equal(1, d.Id);
        Assert.Equal(DuplicateReason.SameProductionUnit, d.Reason);
        Assert.Equal("شرکت فولاد البرز قم", d.UnitName);
    }

    [Fact]
    public void Different_problems_are_not_flagged()
    {
        Assert.Empty(DuplicateCheck.Find("کمبود گاز واحدهای تولیدی در زمستان", ["لبنیات پگاه"], Known));
        Assert.Empty(DuplicateCheck.Find("برق", [], Known));
        Assert.Empty(DuplicateCheck.Find("", [], Known));
    }

    [Fact]
    public void Words_are_normalized_and_stop_words_dropped()
    {
        var words = DuplicateCheck.Words("مشکلات  واحدهای تولیدی در شهرک‌ها");

        Assert.Equal(["شهرک"], words.Order());
        Assert.Equal(1.0, DuplicateCheck.Similarity("قطعی برق شهرک", "قطعي مکرر برق در شهرک‌های صنعتی"));
    }
}
