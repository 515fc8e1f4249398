namespace Payesh.Web.Features.Reports;

public sealed record SignOffRow(long Id, long NodeId, string Code, string Title, DateOnly Date, int Hundredths, int? Previous,
    string? Note, string? Justification, string Reporter, DateTimeOffset SubmittedAt)
{
    public double Jump => (Hundredths - (Previous ?? 0)) / 100.0;
}
