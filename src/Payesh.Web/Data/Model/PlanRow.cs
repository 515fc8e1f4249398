using Payesh.Domain.Plans;

namespace Payesh.Web.Data.Model;

[EntityName(EntityNames.Plan)]
public sealed class PlanRow
{
    public long Id { get; set; }
    public string Title { get; set; } = "";
    public int Year { get; set; }
    public DateOnly StartDate { get; set; }
    public DateOnly EndDate { get; set; }
    public PlanState State { get; set; }
    public int StoppageDays { get; set; } = 14;
    public double AtRiskBelow { get; set; } = -5;
    public double BehindBelow { get; set; } = -15;
    public bool VerifiedOnly { get; set; }
    /// <summary>Two-level sign-off (issue 11): agency reporters' reports wait for their manager before the secretariat.</summary>
    public bool ManagerSignOff { get; set; }
    public int BackdateDays { get; set; } = 3;
    /// <summary>Days of the week on which reports are due, 0 = Saturday … 6 = Friday, comma-separated.</summary>
    public string WorkingDays { get; set; } = "0,1,2,3,4";
    /// <summary>Level names joined by '|'.</summary>
    public string Levels { get; set; } = "محور|برنامه|اقدام";
    /// <summary>Bumped in the same transaction as every write that changes figures; other instances compare it.</summary>
    public long DataVersion { get; set; }
    /// <summary>Bumped when the tree or schedules change (engine rebuild).</summary>
    public long StructureVersion { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public uint Version { get; set; }
    public List<PlanNodeRow> Nodes { get; set; } = [];
}
