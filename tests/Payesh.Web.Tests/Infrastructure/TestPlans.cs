using System.Text.Json.Nodes;

namespace Payesh.Web.Tests.Infrastructure;

/// <summary>Small plan documents for tests that write: each test posts its own, so tests never disturb each other.</summary>
public static class TestPlans
{
    public const string SmtAction = "S1";
    public const string SmtSecondAction = "S2";
    public const string TaxAction = "T1";

    /// <summary>A plan of 1405 (today is 1405/06/31): SMT leads two linear actions over the year, TAX one.</summary>
    public static JsonObject Small(string title = "برنامه آزمایشی پایش", int? backdateDays = null,
        string start = "1405/01/01", string end = "1405/12/29") => new()
        {
            ["title"] = title,
            ["year"] = int.Parse(start[..4], System.Globalization.CultureInfo.InvariantCulture),
            ["start"] = start,
            ["end"] = end,
            ["settings"] = backdateDays is { } b ? new JsonObject { ["backdateDays"] = b } : null,
            // Known in the demo database; listed so that the plan also stands in a database without the demo.
            ["agencies"] = new JsonArray
        {
            new JsonObject { ["code"] = "SMT", ["name"] = "سازمان صنعت، معدن و تجارت استان قم" },
            new JsonObject { ["code"] = "TAX", ["name"] = "اداره کل امور مالیاتی استان قم" },
        },
            ["nodes"] = new JsonArray
        {
            new JsonObject
            {
                ["code"] = "S", ["title"] = "محور صنعت", ["weight"] = 2,
                ["children"] = new JsonArray
                {
                    Action(SmtAction, "اقدام یکم صنعت", "SMT", start, end),
                    Action(SmtSecondAction, "اقدام دوم صنعت", "SMT", start, end),
                },
            },
            new JsonObject
            {
                ["code"] = "T", ["title"] = "محور مالیات",
                ["children"] = new JsonArray { Action(TaxAction, "اقدام مالیاتی", "TAX", start, end) },
            },
        },
        };

    public static JsonObject Action(string code, string title, string agency, string start, string end) => new()
    {
        ["code"] = code,
        ["title"] = title,
        ["agency"] = agency,
        ["start"] = start,
        ["end"] = end,
    };
}
