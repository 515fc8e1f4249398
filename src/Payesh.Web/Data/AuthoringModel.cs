using Microsoft.EntityFrameworkCore;
using Payesh.Web.Data.Model;

namespace Payesh.Web.Data;

/// <summary>The mapping of plan authoring (issue 7): baselines, requirements and import jobs; and the axes' delivery-confidence
/// ratings (issue 12).</summary>
internal static class AuthoringModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<PlanBaseline>(e =>
        {
            e.HasIndex(x => new { x.PlanId, x.Number }).IsUnique();
            e.Property(x => x.Summary).HasMaxLength(4000);
            e.HasOne<PlanRow>().WithMany().HasForeignKey(x => x.PlanId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<NodeRequirement>(e =>
        {
            e.HasIndex(x => new { x.NodeId, x.SortOrder });
            e.HasOne<PlanNodeRow>().WithMany(n => n.RequirementItems).HasForeignKey(x => x.NodeId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(x => x.OwnerAgency).WithMany().HasForeignKey(x => x.OwnerAgencyId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<PlanImportJob>(e =>
        {
            e.HasIndex(x => x.UserId);
            e.Property(x => x.UserId).HasMaxLength(450);
            e.Property(x => x.State).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Stage).HasMaxLength(300);
        });
        b.Entity<AxisConfidenceRating>(e =>
        {
            e.HasIndex(x => new { x.PlanId, x.NodeId, x.RatedOn });
            e.Property(x => x.Level).HasConversion<string>().HasMaxLength(30);
            e.Property(x => x.UserId).HasMaxLength(450);
            e.HasOne<PlanRow>().WithMany().HasForeignKey(x => x.PlanId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<PlanNodeRow>().WithMany().HasForeignKey(x => x.NodeId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
