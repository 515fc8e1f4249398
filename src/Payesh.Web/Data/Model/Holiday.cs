namespace Payesh.Web.Data.Model;

/// <summary>A day without required reports besides the weekly days off.</summary>
public sealed class Holiday
{
    public long Id { get; set; }
    public DateOnly Date { get; set; }
    public string Title { get; set; } = "";
}
