using Microsoft.EntityFrameworkCore;
using Payesh.Web.Data.Model;

namespace Payesh.Web.Data;

/// <summary>The model of the reporting workflow's side tables: evidence, comments, notifications, holidays, job runs.</summary>
internal static class ReportingModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<Evidence>(e =>
        {
            e.HasIndex(x => x.ReportId);
            e.HasIndex(x => x.CommentId);
            e.HasIndex(x => x.NodeId);
            e.HasIndex(x => x.ObstacleId);
            e.HasIndex(x => x.ResolutionId);
            e.HasOne<Obstacle>().WithMany().HasForeignKey(x => x.ObstacleId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(x => x.ObstacleEvent).WithMany().HasForeignKey(x => x.ObstacleEventId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Resolution>().WithMany().HasForeignKey(x => x.ResolutionId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(x => x.ResolutionEvent).WithMany().HasForeignKey(x => x.ResolutionEventId).OnDelete(DeleteBehavior.Cascade);
            e.Property(x => x.ContentType).HasMaxLength(120);
            e.Property(x => x.Sha256).HasMaxLength(64);
        });
        b.Entity<ActionComment>(e =>
        {
            e.HasIndex(x => x.NodeId);
        });
        b.Entity<Notification>(e =>
        {
            e.HasIndex(x => new { x.UserId, x.ReadAt });
            e.Property(x => x.Link).HasMaxLength(500);
        });
        b.Entity<Holiday>(e =>
        {
            e.HasIndex(x => x.Date).IsUnique();
        });
        b.Entity<JobRun>(e =>
        {
            e.HasIndex(x => new { x.Job, x.Day }).IsUnique();
            e.Property(x => x.Job).HasMaxLength(60);
            e.Property(x => x.Instance).HasMaxLength(200);
            e.Property(x => x.Result).HasMaxLength(2000);
        });
    }
}
